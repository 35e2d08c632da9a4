// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IndexVaultDeployer} from "../../../contracts/index/IndexVaultDeployer.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IRebalanceCallee} from "../../../contracts/interfaces/IRebalanceCallee.sol";

/// @notice A bidder that mints what it pays (test tokens) and can misbehave in its callback.
contract TestBidder is IRebalanceCallee {
    enum Mode {
        Honest,
        ReenterMint,
        ReenterRedeem,
        ReenterBid,
        ShortPay
    }

    Rebalancer internal immutable rebalancer;
    Mode public mode;

    constructor(Rebalancer r) {
        rebalancer = r;
    }

    function setMode(Mode m) external {
        mode = m;
    }

    function bid(
        address vault,
        address sell,
        address buy,
        uint256 sellAmount,
        bytes calldata data
    ) external returns (uint256) {
        uint256 pay = rebalancer.quote(vault, sell, buy, sellAmount);
        MockERC20(buy).mint(address(this), pay);
        MockERC20(buy).approve(vault, pay);
        return rebalancer.bid(vault, sell, buy, sellAmount, pay, data);
    }

    function onRebalanceBid(address, address sell, uint256, address buy, uint256 buyAmount, bytes calldata) external {
        Mode m = mode;
        if (m == Mode.ReenterMint) {
            IndexVault(msg.sender).mint(1e18, address(this), new uint256[](IndexVault(msg.sender).basketSize()));
        } else if (m == Mode.ReenterRedeem) {
            IndexVault(msg.sender).redeem(1, address(this), new uint256[](IndexVault(msg.sender).basketSize()));
        } else if (m == Mode.ReenterBid) {
            rebalancer.bid(msg.sender, sell, buy, 1, type(uint256).max, "");
        } else if (m == Mode.ShortPay) {
            MockERC20(buy).transfer(address(0xdead), buyAmount);
        }
    }
}

/// @notice A vault (deployed directly: no factory, to keep test contracts small) served by a Rebalancer, a
///         methodologist, a stablecoin and a bidder.
abstract contract RebalanceFixture is Test {
    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal feeRecipient = makeAddr("feeRecipient");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    PriceOracle internal oracle;
    uint32 internal constant HEARTBEAT = 1 days;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        oracle = new PriceOracle(admin);
    }

    function _newAsset(string memory sym, uint8 decimals, uint256 priceUsd) internal returns (MockERC20 token) {
        token = new MockERC20(sym, sym, decimals);
        MockV3Aggregator feed = new MockV3Aggregator(8, int256(priceUsd * 1e8));
        vm.prank(admin);
        oracle.setFeed(address(token), address(feed), HEARTBEAT, 1, type(uint128).max);
    }

    /// @dev `n` assets (6, 8, 18 decimals cycling) at $(i+1), each $1 per share.
    function _basket(uint256 n) internal returns (address[] memory assets, uint256[] memory units) {
        assets = new address[](n);
        units = new uint256[](n);
        uint8[3] memory d = [uint8(6), 8, 18];
        for (uint256 i; i < n; ++i) {
            uint8 dec = d[i % 3];
            assets[i] = address(_newAsset(string.concat("T", vm.toString(i)), dec, i + 1));
            units[i] = (10 ** dec) / (i + 1);
        }
    }

    /// @dev Deployer of the fixture's vaults (from its artifact, on first use): vaults are clones of its implementation.
    IndexVaultDeployer internal _vaultDeployer;

    function _createVault(address[] memory assets, uint256[] memory units) internal returns (IndexVault) {
        IIndexVault.InitParams memory p = IIndexVault.InitParams(
            "Test Index",
            "TIDX",
            assets,
            units,
            address(oracle),
            admin,
            guardian,
            feeRecipient,
            IIndexVault.FeeParams(0, 0, 0)
        );
        if (address(_vaultDeployer) == address(0)) {
            _vaultDeployer = IndexVaultDeployer(_deployArtifact("IndexVaultDeployer.sol:IndexVaultDeployer", ""));
        }
        return IndexVault(_vaultDeployer.deploy(p));
    }

    /// @dev Deploys an artifact's creation code read with `vm.getCode` (build first: `hardhat test solidity` does not
    ///      rewrite the artifacts), so that test contracts do not embed the vault deployer's and the rebalancer's
    ///      creation code and stay deployable under the transaction gas cap. A constructor revert bubbles up as it is.
    function _deployArtifact(string memory artifact, bytes memory args) internal returns (address addr) {
        bytes memory code = abi.encodePacked(vm.getCode(artifact), args);
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
            if iszero(addr) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
    }

    function _mint(IndexVault vault, address who, uint256 shares) internal {
        uint256[] memory amounts = vault.previewMint(shares);
        (address[] memory assets, ) = vault.getBasket();
        vm.startPrank(who);
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(who, amounts[i]);
            MockERC20(assets[i]).approve(address(vault), type(uint256).max);
        }
        vault.mint(shares, who, amounts);
        vm.stopPrank();
    }

    address internal methodologist = makeAddr("methodologist");
    Rebalancer internal rebalancer;
    TestBidder internal bidder;
    MockERC20 internal usdc;

    uint64 internal constant BAND_HIGH = 0.02e18;
    uint64 internal constant BAND_LOW = 0.01e18;
    uint32 internal constant DURATION = 6 hours;
    uint32 internal constant DELAY = 1 days;
    uint32 internal constant HYSTERESIS = 2 days;

    function _setUpRebalancer(IndexVault vault, uint64 cap, uint128 maxLot) internal {
        if (address(usdc) == address(0)) usdc = _newAsset("USDC", 6, 1);
        rebalancer = Rebalancer(_deployArtifact("Rebalancer.sol:Rebalancer", abi.encode(oracle, admin)));
        bytes32 rebalancerRole = vault.REBALANCER_ROLE();
        vm.startPrank(admin);
        vault.grantRole(rebalancerRole, address(rebalancer));
        rebalancer.grantRole(rebalancer.METHODOLOGIST_ROLE(), methodologist);
        rebalancer.grantRole(rebalancer.GUARDIAN_ROLE(), guardian);
        rebalancer.setConfig(address(vault), _config(cap, maxLot));
        vm.stopPrank();
    }

    /// @dev Separate from `_setUpRebalancer` so test contracts that need no bidder do not embed its code.
    function _setUpBidder() internal {
        bidder = new TestBidder(rebalancer);
    }

    function _config(uint64 cap, uint128 maxLot) internal view returns (IRebalancer.Config memory) {
        return IRebalancer.Config(BAND_HIGH, BAND_LOW, DURATION, DELAY, HYSTERESIS, cap, maxLot, address(usdc));
    }

    function _post(IndexVault vault, address[] memory assets, uint256[] memory weights) internal {
        vm.prank(methodologist);
        rebalancer.postTarget(address(vault), assets, weights, bytes32(0));
    }

    function _switchRegime(IndexVault vault, IRebalancer.Regime r) internal {
        vm.prank(methodologist);
        rebalancer.signalRegime(address(vault), r);
        vm.warp(block.timestamp + HYSTERESIS);
        rebalancer.applyRegime(address(vault));
    }

    /// @dev Refreshes every feed's timestamp (keeps the oracle fresh after warps).
    function _refresh(address[] memory assets) internal {
        for (uint256 i; i < assets.length; ++i) {
            _refreshOne(assets[i]);
        }
    }

    function _refreshOne(address asset) internal {
        (bool ok, bytes memory ret) = address(oracle).staticcall(abi.encodeCall(oracle.feedConfig, (asset)));
        require(ok, "feedConfig");
        (address feed, , , , , ) = abi.decode(ret, (address, uint32, uint8, uint8, uint128, uint128));
        (, int256 answer, , , ) = MockV3Like(feed).latestRoundData();
        MockV3Like(feed).updateAnswer(answer);
    }
}

interface MockV3Like {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);

    function updateAnswer(int256 answer) external;
}

/// @notice A 3-asset vault ($1 of each per share at prices $1, $2, $3; NAV $3,000 after alice mints 1,000 shares)
///         with the Rebalancer set up, no bidder (its code would push some test contracts over the transaction gas
///         cap at deployment); `_startTarget2` opens an auction towards 50 % asset 0 and 50 % USDC (assets 1 and 2
///         in surplus, USDC in deficit).
abstract contract ThreeAssetVaultFixture is RebalanceFixture {
    IndexVault internal vault;
    address[] internal assets;

    function setUp() public virtual override {
        super.setUp();
        uint256[] memory units;
        (assets, units) = _basket(3);
        vault = _createVault(assets, units);
        _setUpRebalancer(vault, 0.6e18, 1_000_000e18);
        _mint(vault, alice, 1000e18);
    }

    function _target2() internal view returns (address[] memory a, uint256[] memory w) {
        a = new address[](2);
        w = new uint256[](2);
        (a[0], w[0]) = (assets[0], 0.5e18);
        (a[1], w[1]) = (address(usdc), 0.5e18);
    }

    /// @dev Posts [asset0 50 %, USDC 50 %], waits the delay, refreshes the feeds.
    function _postAndWait() internal {
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
    }

    /// @dev `_postAndWait`, then starts: asset1 and asset2 are surplus, USDC deficit.
    function _startTarget2() internal {
        _postAndWait();
        rebalancer.startRebalance(address(vault));
    }
}

/// @notice `ThreeAssetVaultFixture` with the test bidder.
abstract contract ThreeAssetRebalanceFixture is ThreeAssetVaultFixture {
    function setUp() public virtual override {
        super.setUp();
        _setUpBidder();
    }
}
