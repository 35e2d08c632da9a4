// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../contracts/mocks/BlockableERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";

/// @notice Drives one vault with random actions from several actors; records what went in and out.
contract IndexVaultHandler is Test {
    IndexVault public immutable vault;
    BlockableERC20 public immutable blockable;
    address[] public actors;
    address[] public assets;

    /// @dev Per asset: pulled by mints, paid by redeems and deferred withdrawals, donated.
    mapping(address => uint256) public ghostIn;
    mapping(address => uint256) public ghostOut;
    mapping(address => uint256) public ghostDonated;
    bool public exitFailed;
    bool public unitsMovedByMintOrRedeem;
    uint256 public calls;

    constructor(IndexVault vault_, BlockableERC20 blockable_, address[] memory actors_) {
        vault = vault_;
        blockable = blockable_;
        actors = actors_;
        (assets, ) = vault_.getBasket();
        for (uint256 a; a < actors_.length; ++a) {
            for (uint256 i; i < assets.length; ++i) {
                vm.prank(actors_[a]);
                MockERC20(assets[i]).approve(address(vault_), type(uint256).max);
            }
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _units() internal view returns (uint256[] memory u) {
        (, u) = vault.getBasket();
    }

    function _sameUnits(uint256[] memory a, uint256[] memory b) internal pure returns (bool) {
        for (uint256 i; i < a.length; ++i) {
            if (a[i] != b[i]) return false;
        }
        return true;
    }

    function mint(uint256 actorSeed, uint256 shares) external {
        ++calls;
        address actor = _actor(actorSeed);
        shares = bound(shares, 1, 1_000_000e18);
        uint256[] memory need = vault.previewMint(shares);
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(actor, need[i]);
        }
        if (blockable.paused() || blockable.blocked(actor)) return; // a mint with a frozen token simply fails
        uint256[] memory before = _units();
        vm.prank(actor);
        uint256[] memory pulled = vault.mint(shares, actor, need);
        if (!_sameUnits(before, _units())) unitsMovedByMintOrRedeem = true;
        for (uint256 i; i < assets.length; ++i) {
            ghostIn[assets[i]] += pulled[i];
        }
    }

    function redeem(uint256 actorSeed, uint256 fraction) external {
        ++calls;
        address actor = _actor(actorSeed);
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0) return;
        uint256 shares = bound(fraction, 1, balance);
        uint256[] memory before = _units();
        uint256[] memory balancesBefore = new uint256[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            balancesBefore[i] = MockERC20(assets[i]).balanceOf(actor);
        }
        vm.prank(actor);
        try vault.redeem(shares, actor, new uint256[](assets.length)) returns (uint256[] memory) {
            if (!_sameUnits(before, _units())) unitsMovedByMintOrRedeem = true;
            for (uint256 i; i < assets.length; ++i) {
                ghostOut[assets[i]] += MockERC20(assets[i]).balanceOf(actor) - balancesBefore[i];
            }
        } catch {
            exitFailed = true; // exits must never fail, whatever a token does
        }
    }

    function withdrawDeferred(uint256 actorSeed) external {
        ++calls;
        address actor = _actor(actorSeed);
        uint256 owed = vault.deferred(actor, address(blockable));
        if (owed == 0 || blockable.paused() || blockable.blocked(actor)) return;
        vm.prank(actor);
        vault.withdrawDeferred(address(blockable), actor);
        ghostOut[address(blockable)] += owed;
    }

    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        ++calls;
        address from = _actor(fromSeed);
        uint256 balance = vault.balanceOf(from);
        if (balance == 0) return;
        vm.prank(from);
        vault.transfer(_actor(toSeed), bound(amount, 1, balance));
    }

    function donate(uint256 assetSeed, uint256 amount) external {
        ++calls;
        address asset = assets[assetSeed % assets.length];
        amount = bound(amount, 1, 1e30);
        MockERC20(asset).mint(address(vault), amount);
        ghostDonated[asset] += amount;
    }

    function freezeToken(uint256 mode, uint256 actorSeed) external {
        ++calls;
        mode %= 4;
        if (mode == 0) blockable.setPaused(true);
        else if (mode == 1) blockable.setPaused(false);
        else if (mode == 2) blockable.setBlocked(_actor(actorSeed), true);
        else blockable.setBlocked(_actor(actorSeed), false);
    }

    function warp(uint256 seconds_) external {
        ++calls;
        vm.warp(block.timestamp + bound(seconds_, 1, 60 days));
    }

    function accrue() external {
        ++calls;
        vault.accrueFees();
    }
}

contract IndexVaultInvariantTest is IndexFixture {
    IndexVaultHandler internal handler;
    IndexVault internal vault;
    address[] internal holders;

    function setUp() public override {
        vm.pauseGasMetering(); // deploying the factory, a vault and the handler is a large fixture
        super.setUp();
        address[] memory actors = new address[](4);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = makeAddr("carol");
        actors[3] = feeRecipient; // the fee recipient redeems too
        holders = actors;

        BlockableERC20 usdc = _newBlockable("USDC", 6, 1);
        MockERC20 wbtc = _newAsset("WBTC", 8, 60_000);
        MockERC20 weth = _newAsset("WETH", 18, 3_000);
        address[] memory assets = new address[](3);
        uint256[] memory units = new uint256[](3);
        (assets[0], units[0]) = (address(usdc), 333_333); // 0.333333 USDC
        (assets[1], units[1]) = (address(wbtc), 557); // 0.00000557 WBTC
        (assets[2], units[2]) = (address(weth), 111_111_111_111_111); // 0.000111 WETH
        vm.prank(admin);
        vault = IndexVault(factory.createVault("Inv", "INV", assets, units, _noFees()));
        vm.startPrank(admin);
        vault.setMintFee(0.003e18);
        vault.setManagementFee(0.1e18);
        vault.setRedeemFee(0.002e18);
        vm.stopPrank();

        handler = new IndexVaultHandler(vault, usdc, actors);
        targetContract(address(handler));
        vm.resumeGasMetering();
    }

    /// I1: the supply is exactly the sum of every holder's balance.
    function invariant_supplyEqualsSumOfBalances() public view {
        uint256 sum;
        for (uint256 i; i < holders.length; ++i) {
            sum += vault.balanceOf(holders[i]);
        }
        assertEq(vault.totalSupply(), sum);
    }

    /// I2: what the vault accounts for (plus deferred claims) never exceeds what it really holds.
    function invariant_accountedBasketWithinRealBalances() public view {
        (address[] memory assets, uint256[] memory accounted) = vault.totalBasket();
        for (uint256 i; i < assets.length; ++i) {
            assertGe(
                MockERC20(assets[i]).balanceOf(address(vault)),
                accounted[i] + vault.deferredTotal(assets[i]),
                "accounted + deferred <= balance"
            );
        }
    }

    /// I3: deferred claims add up to their per-asset total.
    function invariant_deferredClaimsAddUp() public view {
        (address[] memory assets, ) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            uint256 sum;
            for (uint256 a; a < holders.length; ++a) {
                sum += vault.deferred(holders[a], assets[i]);
            }
            assertEq(sum, vault.deferredTotal(assets[i]));
        }
    }

    /// I4: nobody, all actors together, ever got out more than was put in (donations are not claimable).
    function invariant_noValueCreated() public view {
        (address[] memory assets, ) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            address a = assets[i];
            assertLe(handler.ghostOut(a) + vault.deferredTotal(a), handler.ghostIn(a), "out + owed <= in");
        }
    }

    /// I5: in-kind redeem never failed, whatever the tokens, pause flag or time did.
    function invariant_exitsNeverFail() public view {
        assertFalse(handler.exitFailed());
    }

    /// I6: mint and redeem never move units per share (so they never move NAV per share).
    function invariant_mintRedeemDoNotMoveUnits() public view {
        assertFalse(handler.unitsMovedByMintOrRedeem());
    }
}

/// @notice Fuzzed round trips and donations.
contract IndexVaultFuzzTest is IndexFixture {
    IndexVault internal vault;
    address[] internal assets;

    function setUp() public override {
        super.setUp();
        uint256[] memory units;
        (assets, units) = _basket(3);
        vault = _createVault(assets, units, _noFees());
    }

    function testFuzz_mintThenRedeemNeverReturnsMore(
        uint256 shares,
        uint256[3] memory fees,
        uint256 elapsed,
        uint256 priorSupply
    ) public {
        shares = bound(shares, 1, 1e27);
        priorSupply = bound(priorSupply, 0, 1e24);
        vm.startPrank(admin);
        vault.setMintFee(0.05e18); // room for any management fee, then the real mint fee
        vault.setManagementFee(bound(fees[0], 0, 0.1e18));
        vault.setMintFee(bound(fees[1], vault.minMintFee(), 0.05e18)); // zero when there is no streaming fee
        vault.setRedeemFee(bound(fees[2], 0, 0.05e18));
        vm.stopPrank();
        if (priorSupply != 0) _mint(vault, bob, priorSupply);

        uint256[] memory pulled = _mint(vault, alice, shares);
        vm.warp(block.timestamp + bound(elapsed, 0, 400 days));
        vm.prank(alice);
        uint256[] memory paid = vault.redeem(shares, alice, _zeros(3));
        for (uint256 i; i < 3; ++i) {
            assertLe(paid[i], pulled[i], "round trip never returns more");
        }
    }

    function testFuzz_donationDoesNotChangeRedemption(uint256 shares, uint256 donation, uint256 assetSeed) public {
        shares = bound(shares, 1, 1e27);
        donation = bound(donation, 1, 1e36);
        _mint(vault, alice, shares);
        uint256[] memory before = vault.previewRedeem(shares);
        MockERC20(assets[assetSeed % 3]).mint(address(vault), donation);
        uint256[] memory afterDonation = vault.previewRedeem(shares);
        uint256[] memory cost = vault.previewMint(1e18);
        (, uint256[] memory units) = vault.getBasket();
        for (uint256 i; i < 3; ++i) {
            assertEq(afterDonation[i], before[i]);
            assertEq(cost[i], units[i]);
        }
    }

    function testFuzz_splitRedeemNeverBeatsOneRedeem(uint256 shares, uint256 parts) public {
        shares = bound(shares, 2, 1e24);
        parts = bound(parts, 2, 20);
        _mint(vault, alice, shares);
        uint256[] memory whole = vault.previewRedeem(shares);
        uint256[] memory total = new uint256[](3);
        uint256 left = shares;
        for (uint256 p; p < parts && left != 0; ++p) {
            uint256 piece = p == parts - 1 ? left : (shares / parts == 0 ? 1 : shares / parts);
            if (piece > left) piece = left;
            vm.prank(alice);
            uint256[] memory out = vault.redeem(piece, alice, _zeros(3));
            for (uint256 i; i < 3; ++i) {
                total[i] += out[i];
            }
            left -= piece;
        }
        for (uint256 i; i < 3; ++i) {
            assertLe(total[i], whole[i], "splitting a redeem gains nothing");
        }
    }
}
