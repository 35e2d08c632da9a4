// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

/// @notice A 100-asset vault goes risk-on -> risk-off (100 assets -> USDC) -> risk-on (USDC -> 100 assets), one
///         bid per asset. Every transaction is metered on its own (the meter is reset after each) and must stay
///         under EIP-7825's 16,777,216 gas; NAV loss per leg stays within the band's low end.
contract RebalanceScaleTest is RebalanceFixture {
    uint256 internal constant TX_GAS_CAP = 16_777_216;
    uint256 internal constant N = 100;

    IndexVault internal vault;
    address[] internal assets;
    address internal carol = makeAddr("carol");

    uint256 internal txCount;
    uint256 internal totalGas;
    uint256 internal maxGas;

    event GasUsed(string action, uint256 gas);
    event LegSummary(
        string leg,
        uint256 transactions,
        uint256 totalGas,
        uint256 maxGasPerTx,
        uint256 navBefore,
        uint256 navAfter
    );

    function setUp() public override {
        vm.pauseGasMetering();
        super.setUp();
        uint256[] memory units;
        (assets, units) = _basket(N);
        vault = _createVault(assets, units);
        _setUpRebalancer(vault, 0.02e18, 1e30);
        _mint(vault, alice, 1000e18); // NAV $100,000
        uint256[] memory w = new uint256[](N);
        for (uint256 i; i < N; ++i) {
            w[i] = 0.01e18;
        }
        _post(vault, assets, w);
        vm.warp(block.timestamp + DELAY);
        vm.resumeGasMetering();
    }

    function _measure(string memory action, uint256 gasUsed) internal {
        emit GasUsed(action, gasUsed);
        assertLt(gasUsed, TX_GAS_CAP, action);
        ++txCount;
        totalGas += gasUsed;
        if (gasUsed > maxGas) maxGas = gasUsed;
        // Give the test's own (unmetered) frame its budget back. EDR's reset also clears this frame's memory, so
        // nothing in memory is used across it; the free-memory pointer is restored.
        vm.resumeGasMetering();
        vm.resetGasMetering();
        vm.pauseGasMetering();
        assembly ("memory-safe") {
            mstore(0x40, 0x80)
        }
    }

    /// @dev Runs one call from `from` on a fresh gas meter and returns its gas. The meter is reset inside this
    ///      external frame (EDR's reset also clears the frame's memory, so the caller's memory stays safe).
    function measured(address from, address target, bytes calldata data) external returns (uint256 used) {
        vm.resumeGasMetering();
        vm.resetGasMetering();
        vm.prank(from);
        uint256 g = gasleft();
        (bool ok, ) = target.call(data);
        used = g - gasleft();
        vm.pauseGasMetering();
        require(ok, "measured call failed");
    }

    function _resetTotals() internal {
        (txCount, totalGas, maxGas) = (0, 0, 0);
    }

    function _refreshAll() internal {
        _refresh(assets);
        _refreshOne(address(usdc));
    }

    function _fund(address token, uint256 amount) internal {
        MockERC20(token).mint(carol, amount);
        vm.prank(carol);
        MockERC20(token).approve(address(vault), type(uint256).max);
    }

    function _start(string memory action) internal {
        _measure(
            action,
            this.measured(
                address(this),
                address(rebalancer),
                abi.encodeCall(rebalancer.startRebalance, (address(vault)))
            )
        );
    }

    function _bid(address sell, address buy, uint256 sellAmount) internal {
        uint256 pay = rebalancer.quote(address(vault), sell, buy, sellAmount);
        _fund(buy, pay);
        bytes memory data = abi.encodeCall(rebalancer.bid, (address(vault), sell, buy, sellAmount, pay, ""));
        _measure("bid", this.measured(carol, address(rebalancer), data));
    }

    function test_scale_100Assets_riskOnOffOnCycle() public {
        vm.pauseGasMetering();
        // Already on target: nothing to rebalance.
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NothingToRebalance.selector, address(vault)));
        rebalancer.startRebalance(address(vault));

        // ---- risk-off: 100 assets -> USDC
        vm.prank(methodologist);
        rebalancer.signalRegime(address(vault), IRebalancer.Regime.RiskOff);
        vm.warp(block.timestamp + HYSTERESIS);
        _refreshAll();
        rebalancer.applyRegime(address(vault));
        uint256 navBefore = vault.navPerShare();
        _resetTotals();
        _start("start risk-off");
        vm.warp(block.timestamp + (DURATION * 5) / 6); // price factor 0.995
        for (uint256 i; i < N; ++i) {
            (uint256 surplus, ) = rebalancer.gap(address(vault), assets[i]);
            _bid(assets[i], address(usdc), surplus);
        }
        vm.warp(block.timestamp + DURATION);
        _measure(
            "compact",
            this.measured(carol, address(rebalancer), abi.encodeCall(rebalancer.compact, (address(vault))))
        );
        assertEq(vault.basketSize(), 1, "only USDC left");
        uint256 navOff = vault.navPerShare();
        emit LegSummary("risk-off", txCount, totalGas, maxGas, navBefore, navOff);
        assertGe(navOff * 1e18, navBefore * (1e18 - BAND_LOW), "risk-off NAV loss within the band");

        // ---- risk-on again: USDC -> 100 assets
        vm.prank(methodologist);
        rebalancer.signalRegime(address(vault), IRebalancer.Regime.RiskOn);
        vm.warp(block.timestamp + HYSTERESIS);
        _refreshAll();
        rebalancer.applyRegime(address(vault));
        _resetTotals();
        _start("start risk-on");
        vm.warp(block.timestamp + (DURATION * 5) / 6);
        for (uint256 i; i < N; ++i) {
            (, uint256 deficit) = rebalancer.gap(address(vault), assets[i]);
            // USDC worth 99 % of the deficit: at factor 0.995 the payment stays under the deficit
            uint256 value = (deficit * (i + 1) * 1e18) / 10 ** MockERC20(assets[i]).decimals();
            _bid(address(usdc), assets[i], (value * 99) / 100 / 1e12);
        }
        uint256 navOn = vault.navPerShare();
        emit LegSummary("risk-on", txCount, totalGas, maxGas, navOff, navOn);
        assertGe(navOn * 1e18, navOff * (1e18 - BAND_LOW), "risk-on NAV loss within the band");
        assertEq(vault.basketSize(), N + 1, "USDC remainder kept until the next compaction");

        // in-kind redeem of everything still works and pays every asset
        uint256 n = vault.basketSize();
        uint256 shares = vault.balanceOf(alice);
        uint256[] memory zeros = new uint256[](n);
        bytes memory redeemCall = abi.encodeCall(vault.redeem, (shares, alice, zeros));
        _measure("redeem all (101 slots)", this.measured(alice, address(vault), redeemCall));
        assertEq(vault.totalSupply(), 0);
    }
}
