// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ThreeAssetRebalanceFixture} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {RebalanceUpkeep} from "../../../contracts/rebalance/RebalanceUpkeep.sol";

/// @notice Griefing by gas: every public entry point that wraps a call in try/catch, called with every gas limit
///         in a sweep, either reverts whole or does all of its work.
contract GasGriefingTest is ThreeAssetRebalanceFixture {
    /// @dev Finding 2 (medium): `performUpkeep` with just too little gas used to record the run while the inner
    ///      `startRebalance` ran out of gas, so nothing was due for the whole period and no auction started.
    function test_performUpkeep_gasSweep_neverRecordsAFailedStart() public {
        (RebalanceUpkeep upkeep, bytes memory data, uint256 need) = _dueUpkeep();
        uint256 succeeded;
        // from a third of what a start needs to 10 % above it, in 5 % steps of it
        for (uint256 g = need / 3; g <= need + need / 10; g += need / 20) {
            if (_performWith(upkeep, data, g)) ++succeeded;
        }
        assertGt(succeeded, 0, "the sweep reaches a gas limit that works");
    }

    /// @dev The same for any gas limit a caller picks.
    function testFuzz_performUpkeep_anyGasLimit(uint256 g) public {
        (RebalanceUpkeep upkeep, bytes memory data, uint256 need) = _dueUpkeep();
        _performWith(upkeep, data, bound(g, 30_000, 2 * need));
    }

    /// @dev An upkeep with a start due, and the gas a full `performUpkeep` takes.
    function _dueUpkeep() internal returns (RebalanceUpkeep upkeep, bytes memory data, uint256 need) {
        upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(address(vault), 7 days);
        _postAndWait();
        bool needed;
        (needed, data) = upkeep.checkUpkeep("");
        assertTrue(needed, "a start is due");
        uint256 snap = vm.snapshotState();
        need = gasleft();
        upkeep.performUpkeep(data);
        need -= gasleft();
        vm.revertToState(snap);
    }

    /// @dev Calls `performUpkeep` with `g` gas and checks that a run is recorded only with its auction started,
    ///      else the start stays due; the state is restored afterwards. Returns whether the call succeeded.
    function _performWith(RebalanceUpkeep upkeep, bytes memory data, uint256 g) internal returns (bool ok) {
        uint256 snap = vm.snapshotState();
        (ok, ) = address(upkeep).call{gas: g}(abi.encodeCall(upkeep.performUpkeep, (data)));
        (uint256 id, , , ) = rebalancer.auction(address(vault));
        bool recorded = upkeep.schedule(address(vault)).lastRun == block.timestamp;
        (bool stillNeeded, ) = upkeep.checkUpkeep("");
        assertFalse(recorded && id == 0, "no gas limit records a run with no auction");
        assertTrue(id == 1 || stillNeeded, "a run that started nothing leaves the start due");
        vm.revertToState(snap);
    }

    /// @dev `redeem` wraps each basket transfer in a try (`trySafeTransfer`): whatever the gas, a redeem that
    ///      succeeds pays or defers every asset in full, and the vault's accounting stays covered by its balances.
    function test_redeem_gasSweep_paysOrDefersEverything() public {
        address[] memory basket = assets;
        uint256 shares = 10e18;
        uint256[] memory expected = vault.previewRedeem(shares);
        uint256 succeeded;
        for (uint256 g = 30_000; g <= 200_000; g += 2_000) {
            uint256 snap = vm.snapshotState();
            vm.prank(alice);
            (bool ok, ) = address(vault).call{gas: g}(
                abi.encodeCall(vault.redeem, (shares, bob, new uint256[](basket.length)))
            );
            if (ok) {
                ++succeeded;
                for (uint256 i; i < basket.length; ++i) {
                    uint256 got = MockERC20(basket[i]).balanceOf(bob) + vault.deferred(bob, basket[i]);
                    assertEq(got, expected[i], "every asset paid or deferred in full");
                    (uint256 held, ) = vault.accountedOf(basket[i]);
                    assertGe(
                        MockERC20(basket[i]).balanceOf(address(vault)),
                        held + vault.deferredTotal(basket[i]),
                        "accounted + deferred <= balance"
                    );
                }
            }
            vm.revertToState(snap);
        }
        assertGt(succeeded, 0, "the sweep reaches a gas limit that works");
    }
}
