// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {UniswapSolver} from "../../../contracts/keeper/UniswapSolver.sol";
import {IUniswapV3SwapRouter} from "../../../contracts/interfaces/external/IUniswapV3SwapRouter.sol";

/// @notice Stands in for the SwapRouter: takes tokenIn and mints `rateBps / 10,000` as much tokenOut (test tokens).
contract FakeSwapRouter {
    uint256 public rateBps = 10_000;
    uint256 public hops;

    function setRate(uint256 r) external {
        rateBps = r;
    }

    function exactInputSingle(IUniswapV3SwapRouter.ExactInputSingleParams calldata p) external returns (uint256 out) {
        hops = 1;
        out = _swap(p.tokenIn, p.tokenOut, p.amountIn, p.recipient);
    }

    function exactInput(IUniswapV3SwapRouter.ExactInputParams calldata p) external returns (uint256 out) {
        bytes memory path = p.path;
        require(path.length == 66, "two hops");
        hops = 2;
        address tokenIn;
        address tokenOut;
        assembly {
            tokenIn := shr(96, mload(add(path, 32)))
            tokenOut := shr(96, mload(add(path, 78)))
        }
        out = _swap(tokenIn, tokenOut, p.amountIn, p.recipient);
    }

    function _swap(address tokenIn, address tokenOut, uint256 amountIn, address to) internal returns (uint256 out) {
        MockERC20(tokenIn).transferFrom(msg.sender, address(0xdead), amountIn);
        out = (amountIn * rateBps) / 10_000;
        MockERC20(tokenOut).mint(to, out);
    }
}

/// @notice Plays both the rebalancer and the vault (like the real pair: send, call back, pull), and can misbehave.
contract FakeVault {
    enum Mode {
        Honest,
        WrongSell,
        WrongAmount,
        NoCallback,
        TwoCallbacks,
        NestedFill
    }

    Mode public mode;
    uint256 public price = 1e18; // buy per sell, 18 decimals

    function setMode(Mode m) external {
        mode = m;
    }

    function bid(
        address,
        address sell,
        address buy,
        uint256 sellAmount,
        uint256 maxBuyAmount,
        bytes calldata data
    ) external returns (uint256 buyAmount) {
        buyAmount = (sellAmount * price) / 1e18;
        require(buyAmount <= maxBuyAmount, "max");
        UniswapSolver solver = UniswapSolver(msg.sender);
        MockERC20(sell).mint(msg.sender, sellAmount);
        Mode m = mode;
        if (m == Mode.NoCallback) return buyAmount; // neither calls back nor pulls
        if (m == Mode.NestedFill) {
            solver.fill(address(this), address(this), sell, buy, sellAmount, maxBuyAmount, 0, block.timestamp);
        } else {
            address s = m == Mode.WrongSell ? buy : sell;
            uint256 amount = m == Mode.WrongAmount ? sellAmount - 1 : sellAmount;
            solver.onRebalanceBid(address(this), s, amount, buy, buyAmount, data);
            if (m == Mode.TwoCallbacks) solver.onRebalanceBid(address(this), s, amount, buy, buyAmount, data);
        }
        MockERC20(buy).transferFrom(msg.sender, address(this), buyAmount);
    }
}

/// @notice A contract that calls the callback from outside, pretending to be a vault.
contract Intruder {
    function poke(UniswapSolver solver, address sell, address buy) external {
        solver.onRebalanceBid(address(this), sell, 1, buy, 1, hex"01");
    }
}

contract UniswapSolverTest is Test {
    address internal admin = makeAddr("admin");
    address internal keeper = makeAddr("keeper");
    address internal treasury = makeAddr("treasury");
    MockERC20 internal usdc;
    MockERC20 internal wbtc;
    MockERC20 internal weth;
    FakeSwapRouter internal router;
    FakeVault internal vault;
    UniswapSolver internal solver;

    function setUp() public {
        usdc = new MockERC20("USDC", "USDC", 6);
        wbtc = new MockERC20("WBTC", "WBTC", 8);
        weth = new MockERC20("WETH", "WETH", 18);
        router = new FakeSwapRouter();
        vault = new FakeVault();
        solver = new UniswapSolver(IUniswapV3SwapRouter(address(router)), address(usdc), admin, treasury);
        bytes32 role = solver.OPERATOR_ROLE();
        vm.prank(admin);
        solver.grantRole(role, keeper);
    }

    function _fill(address sell, address buy, uint256 amount, uint256 minProfit) internal returns (uint256, uint256) {
        vm.prank(keeper);
        return
            solver.fill(
                address(vault),
                address(vault),
                sell,
                buy,
                amount,
                type(uint256).max,
                minProfit,
                block.timestamp
            );
    }

    function _assertEmpty() internal view {
        assertEq(usdc.balanceOf(address(solver)), 0);
        assertEq(wbtc.balanceOf(address(solver)), 0);
        assertEq(weth.balanceOf(address(solver)), 0);
        assertEq(wbtc.allowance(address(solver), address(router)), 0);
        assertEq(usdc.allowance(address(solver), address(vault)), 0);
    }

    function test_fill_singleHop_paysVault_sendsProfit_holdsNothing() public {
        router.setRate(10_050); // the pool gives 0.5 % more than the vault asks
        (uint256 paid, uint256 profit) = _fill(address(wbtc), address(usdc), 1e8, 0.4e8 / 100);
        assertEq(router.hops(), 1);
        assertEq(paid, 1e8);
        assertEq(profit, 0.005e8);
        assertEq(usdc.balanceOf(address(vault)), 1e8);
        assertEq(usdc.balanceOf(treasury), 0.005e8);
        _assertEmpty();
    }

    function test_fill_twoHops_whenNeitherSideIsTheQuoteToken() public {
        router.setRate(10_100);
        (, uint256 profit) = _fill(address(wbtc), address(weth), 1e8, 0);
        assertEq(router.hops(), 2);
        assertEq(profit, 0.01e8);
        assertEq(weth.balanceOf(treasury), 0.01e8);
        _assertEmpty();
    }

    function test_fill_revertsUnprofitable() public {
        router.setRate(10_010);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(UniswapSolver.Unprofitable.selector, 1.001e8, 1.002e8));
        solver.fill(address(vault), address(vault), address(wbtc), address(usdc), 1e8, 2e8, 0.002e8, block.timestamp);
        router.setRate(9_990);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(UniswapSolver.Unprofitable.selector, 0.999e8, 1e8));
        solver.fill(address(vault), address(vault), address(wbtc), address(usdc), 1e8, 2e8, 0, block.timestamp);
    }

    function test_fill_onlyOperator() public {
        bytes32 role = solver.OPERATOR_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        vm.prank(admin);
        solver.fill(address(vault), address(vault), address(wbtc), address(usdc), 1e8, 2e8, 0, block.timestamp);
    }

    function test_fill_revertsAfterDeadline() public {
        vm.warp(1_000);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(UniswapSolver.DeadlinePassed.selector, 999, 1_000));
        solver.fill(address(vault), address(vault), address(wbtc), address(usdc), 1e8, 2e8, 0, 999);
    }

    function test_callback_outsideAFill_reverts() public {
        vm.expectRevert(UniswapSolver.NoFillPending.selector);
        solver.onRebalanceBid(address(vault), address(wbtc), 1, address(usdc), 1, hex"01");
        Intruder intruder = new Intruder();
        vm.expectRevert(UniswapSolver.NoFillPending.selector);
        intruder.poke(solver, address(wbtc), address(usdc));
    }

    function test_callback_fromAnotherVault_reverts() public {
        // The fill names `other` as the vault; the callback comes from the fake (acting as the rebalancer only).
        address other = makeAddr("otherVault");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(UniswapSolver.UnexpectedCaller.selector, address(vault)));
        solver.fill(address(vault), other, address(wbtc), address(usdc), 1e8, 2e8, 0, block.timestamp);
    }

    function test_callback_forAnotherTrade_reverts() public {
        vault.setMode(FakeVault.Mode.WrongSell);
        vm.expectRevert(UniswapSolver.UnexpectedTrade.selector);
        _fill(address(wbtc), address(usdc), 1e8, 0);
        vault.setMode(FakeVault.Mode.WrongAmount);
        vm.expectRevert(UniswapSolver.UnexpectedTrade.selector);
        _fill(address(wbtc), address(usdc), 1e8, 0);
    }

    function test_callback_onlyOncePerFill() public {
        router.setRate(10_100);
        vault.setMode(FakeVault.Mode.TwoCallbacks);
        vm.expectRevert(UniswapSolver.NoFillPending.selector);
        _fill(address(wbtc), address(usdc), 1e8, 0);
    }

    function test_bidWithoutCallback_reverts() public {
        vault.setMode(FakeVault.Mode.NoCallback);
        vm.expectRevert(UniswapSolver.CallbackMissing.selector);
        _fill(address(wbtc), address(usdc), 1e8, 0);
    }

    function test_nestedFill_reverts() public {
        bytes32 role = solver.OPERATOR_ROLE();
        vm.prank(admin);
        solver.grantRole(role, address(vault));
        vault.setMode(FakeVault.Mode.NestedFill);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        _fill(address(wbtc), address(usdc), 1e8, 0);
    }

    function test_admin_settings() public {
        assertEq(solver.poolFee(address(wbtc)), 3000);
        vm.startPrank(admin);
        solver.setPoolFee(address(wbtc), 500);
        vm.expectRevert(abi.encodeWithSelector(UniswapSolver.InvalidPoolFee.selector, uint24(400)));
        solver.setPoolFee(address(wbtc), 400);
        solver.setQuoteToken(address(weth));
        solver.setProfitRecipient(keeper);
        vm.expectRevert(UniswapSolver.ZeroAddress.selector);
        solver.setProfitRecipient(address(0));
        vm.stopPrank();
        assertEq(solver.poolFee(address(wbtc)), 500);
        assertEq(solver.quoteToken(), address(weth));
        assertEq(solver.profitRecipient(), keeper);

        bytes32 adminRole = solver.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, adminRole)
        );
        vm.prank(keeper);
        solver.setQuoteToken(address(usdc));
    }
}
