// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {MockERC20} from "../../../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../../../contracts/mocks/BlockableERC20.sol";
import {PriceOracle} from "../../../../contracts/oracle/PriceOracle.sol";
import {IndexVault} from "../../../../contracts/index/IndexVault.sol";
import {IndexVaultDeployer} from "../../../../contracts/index/IndexVaultDeployer.sol";
import {IIndexVault} from "../../../../contracts/interfaces/IIndexVault.sol";
import {Rebalancer} from "../../../../contracts/rebalance/Rebalancer.sol";
import {IRebalancer} from "../../../../contracts/interfaces/IRebalancer.sol";
import {TMAI} from "../../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../../contracts/staking/VeTMAI.sol";
import {RevenueDistributor} from "../../../../contracts/staking/RevenueDistributor.sol";
import {TMAIGovernor} from "../../../../contracts/governance/TMAIGovernor.sol";
import {Proposals} from "../../utils/Proposals.sol";

/// @notice The whole protocol wired as on a real network, with the governance timelock holding every admin role:
///         - basket: FRZ (6 decimals, pausable and blocklisting, $2), BTC (8 decimals, $100), ETH (18 decimals,
///           $2,000), each $1 per share; USDC (6 decimals, $1) is the rebalancer's stablecoin;
///         - PriceOracle with one MockV3Aggregator (8 decimals, heartbeat 1 day, bounds price / 10 .. price x 10) each;
///         - IndexVault (2 %/yr management, 0.1 % mint, 0.1 % redeem fee) whose fee recipient is the RevenueDistributor;
///         - Rebalancer (band +2 % / -1 %, 6 h auctions, 1 day announcement, 2 days hysteresis, cap 70 %, lot $50k);
///         - TMAI, VeTMAI (min lock 1 TMAI), RevenueDistributor (TMAI and the index token as revenue);
///         - TMAITimelock (1 day) and TMAIGovernor (1 day delay, 3 days voting, threshold 10,000, quorum 4 %,
///           1 day late-quorum extension, guardian until START + 90 days).
///         The fixture (`address(this)`) renounces every role at the end. Every big contract is deployed from its
///         artifact (`vm.getCode`: build first) so that test contracts stay small.
abstract contract ProtocolFixture is Test {
    uint256 internal constant WEEK = 1 weeks;
    uint256 internal constant START = 2811 * 1 weeks + 12 hours; // a Thursday, 12:00 UTC
    uint32 internal constant HEARTBEAT = 1 days;
    uint256 internal constant TIMELOCK_DELAY = 1 days;
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 3 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 10_000e18;
    uint256 internal constant BOOTSTRAP = 90 days;

    uint64 internal constant BAND_HIGH = 0.02e18;
    uint64 internal constant BAND_LOW = 0.01e18;
    uint32 internal constant DURATION = 6 hours;
    uint32 internal constant DELAY = 1 days;
    uint32 internal constant HYSTERESIS = 2 days;
    uint64 internal constant WEIGHT_CAP = 0.7e18;
    uint128 internal constant MAX_LOT = 50_000e18;

    uint256 internal constant MGMT_FEE = 0.02e18;
    uint256 internal constant MINT_FEE = 0.001e18;
    uint256 internal constant REDEEM_FEE = 0.001e18;

    address internal guardian = makeAddr("guardian");
    address internal methodologist = makeAddr("methodologist");
    address internal treasury = makeAddr("treasury");

    BlockableERC20 internal frz;
    MockERC20 internal btc;
    MockERC20 internal eth;
    MockERC20 internal usdc;
    /// @dev Basket assets then the stablecoin: [frz, btc, eth, usdc].
    address[] internal tokens;
    /// @dev Feed of each of `tokens`, same order.
    MockV3Aggregator[] internal feeds;

    PriceOracle internal oracle;
    IndexVault internal vault;
    Rebalancer internal rebalancer;
    TMAI internal tmai;
    VeTMAI internal ve;
    RevenueDistributor internal dist;
    TimelockController internal timelock;
    TMAIGovernor internal gov;

    function _deployProtocol() internal {
        vm.warp(START);
        oracle = PriceOracle(_deploy("contracts/oracle/PriceOracle.sol:PriceOracle", abi.encode(address(this))));
        frz = BlockableERC20(
            _deploy("contracts/mocks/BlockableERC20.sol:BlockableERC20", abi.encode("Freezable", "FRZ", uint8(6)))
        );
        btc = MockERC20(_deploy("contracts/mocks/MockERC20.sol:MockERC20", abi.encode("Bitcoin", "BTC", uint8(8))));
        eth = MockERC20(_deploy("contracts/mocks/MockERC20.sol:MockERC20", abi.encode("Ether", "ETH", uint8(18))));
        usdc = MockERC20(_deploy("contracts/mocks/MockERC20.sol:MockERC20", abi.encode("USD Coin", "USDC", uint8(6))));
        tokens = [address(frz), address(btc), address(eth), address(usdc)];
        uint256[4] memory prices = [uint256(2), 100, 2_000, 1];
        for (uint256 i; i < 4; ++i) {
            MockV3Aggregator feed = new MockV3Aggregator(8, int256(prices[i] * 1e8));
            feeds.push(feed);
            oracle.setFeed(tokens[i], address(feed), HEARTBEAT, uint128(prices[i] * 1e17), uint128(prices[i] * 1e19));
        }

        tmai = TMAI(_deploy("contracts/token/TMAI.sol:TMAI", abi.encode(treasury)));
        uint256[4] memory tiers = [uint256(100e18), 1_000e18, 10_000e18, 100_000e18];
        ve = VeTMAI(
            _deploy(
                "contracts/staking/VeTMAI.sol:VeTMAI",
                abi.encode(address(tmai), address(this), guardian, 1e18, tiers)
            )
        );
        dist = RevenueDistributor(
            _deploy(
                "contracts/staking/RevenueDistributor.sol:RevenueDistributor",
                abi.encode(address(ve), address(this))
            )
        );
        ve.setRevenueDistributor(address(dist));

        address[] memory assets = new address[](3);
        uint256[] memory units = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            assets[i] = tokens[i];
            units[i] = 10 ** MockERC20(tokens[i]).decimals() / prices[i]; // $1 of each per share
        }
        IIndexVault.InitParams memory p = IIndexVault.InitParams(
            "TMAI Index",
            "TIDX",
            assets,
            units,
            address(oracle),
            address(this),
            guardian,
            address(dist),
            IIndexVault.FeeParams(uint64(MGMT_FEE), uint64(MINT_FEE), uint64(REDEEM_FEE))
        );
        IndexVaultDeployer vaultDeployer = IndexVaultDeployer(
            _deploy("contracts/index/IndexVaultDeployer.sol:IndexVaultDeployer", "")
        );
        vault = IndexVault(vaultDeployer.deploy(p));
        dist.addRewardToken(address(tmai));
        dist.addRewardToken(address(vault));

        rebalancer = Rebalancer(
            _deploy("contracts/rebalance/Rebalancer.sol:Rebalancer", abi.encode(address(oracle), address(this)))
        );
        rebalancer.grantRole(rebalancer.METHODOLOGIST_ROLE(), methodologist);
        rebalancer.grantRole(rebalancer.GUARDIAN_ROLE(), guardian);
        rebalancer.setConfig(address(vault), _rebalanceConfig());
        vault.grantRole(vault.REBALANCER_ROLE(), address(rebalancer));

        _deployGovernance();
        _handOverToTimelock();
    }

    function _rebalanceConfig() internal view returns (IRebalancer.Config memory) {
        return IRebalancer.Config(BAND_HIGH, BAND_LOW, DURATION, DELAY, HYSTERESIS, WEIGHT_CAP, MAX_LOT, address(usdc));
    }

    function _deployGovernance() internal {
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0): anyone executes a ready operation
        timelock = TimelockController(
            payable(
                _deploy(
                    "contracts/governance/TMAITimelock.sol:TMAITimelock",
                    abi.encode(TIMELOCK_DELAY, none, anyone, address(this))
                )
            )
        );
        TMAIGovernor.Config memory cfg = TMAIGovernor.Config({
            votingDelay: VOTING_DELAY,
            votingPeriod: VOTING_PERIOD,
            proposalThreshold: PROPOSAL_THRESHOLD,
            quorumNumerator: 4,
            lateQuorumExtension: 1 days,
            guardian: guardian,
            bootstrapEnd: uint48(START + BOOTSTRAP)
        });
        gov = TMAIGovernor(
            payable(
                _deploy("contracts/governance/TMAIGovernor.sol:TMAIGovernor", abi.encode(address(ve), timelock, cfg))
            )
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(gov));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(gov));
    }

    /// @dev The timelock becomes the only admin of every contract; the fixture keeps no role.
    function _handOverToTimelock() internal {
        bytes32 adminRole = 0x00;
        address[5] memory owned = [address(oracle), address(vault), address(rebalancer), address(ve), address(dist)];
        for (uint256 i; i < owned.length; ++i) {
            RoleLike(owned[i]).grantRole(adminRole, address(timelock));
            RoleLike(owned[i]).renounceRole(adminRole, address(this));
        }
        timelock.renounceRole(adminRole, address(this));
    }

    /// @dev Deploys an artifact's creation code (the test contract does not embed it).
    function _deploy(string memory artifact, bytes memory args) internal returns (address addr) {
        bytes memory code = abi.encodePacked(vm.getCode(artifact), args);
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
        }
        require(addr != address(0), string.concat("deploy failed: ", artifact));
    }

    /// @dev Sets the feed of `tokens[i]` to `answer` (8 decimals), refreshing its timestamp.
    function _setPrice(uint256 i, int256 answer) internal {
        feeds[i].updateAnswer(answer);
    }

    /// @dev Refreshes every feed's timestamp at its current answer.
    function _refreshFeeds() internal {
        for (uint256 i; i < feeds.length; ++i) {
            feeds[i].updateAnswer(feeds[i].latestAnswer());
        }
    }

    /// @dev Mints the basket `shares` need to `who` and mints (no limit).
    function _mintShares(address who, uint256 shares) internal {
        uint256[] memory need = vault.previewMint(shares);
        (address[] memory assets, ) = vault.getBasket();
        vm.startPrank(who);
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(who, need[i]);
            MockERC20(assets[i]).approve(address(vault), type(uint256).max);
        }
        vault.mint(shares, who, need);
        vm.stopPrank();
    }

    /// @dev Gives `who` TMAI from the treasury and locks it until `weeks_` week boundaries from now.
    function _lock(address who, uint256 amount, uint256 weeks_) internal {
        vm.prank(treasury);
        tmai.transfer(who, amount);
        vm.startPrank(who);
        tmai.approve(address(ve), amount);
        ve.createLock(amount, (block.timestamp / WEEK + weeks_) * WEEK);
        vm.stopPrank();
    }

    /// @dev Posts [tokens[keep] `weight`, USDC rest], waits the announcement delay with fresh feeds and starts the
    ///      auction: the other basket assets are in surplus, USDC in deficit.
    function _postAndStart(uint256 keep, uint256 weight) internal {
        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        (a[0], w[0], a[1], w[1]) = (tokens[keep], weight, address(usdc), 1e18 - weight);
        vm.prank(methodologist);
        rebalancer.postTarget(address(vault), a, w, bytes32(0));
        vm.warp(block.timestamp + DELAY);
        _refreshFeeds();
        rebalancer.startRebalance(address(vault));
    }

    /// @dev USD value (18 decimals) of `amount` of `tokens[i]` at its feed's answer.
    function _usd(uint256 i, uint256 amount) internal view returns (uint256) {
        return (amount * uint256(feeds[i].latestAnswer()) * 1e10) / 10 ** MockERC20(tokens[i]).decimals();
    }
}

interface RoleLike {
    function grantRole(bytes32 role, address account) external;

    function renounceRole(bytes32 role, address account) external;
}
