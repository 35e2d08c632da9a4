// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {FeeOnTransferToken} from "../../../contracts/mocks/zoo/ZooTokens.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IndexFactory} from "../../../contracts/index/IndexFactory.sol";
import {IndexVaultDeployer} from "../../../contracts/index/IndexVaultDeployer.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {UniswapSolver} from "../../../contracts/keeper/UniswapSolver.sol";
import {IUniswapV3SwapRouter} from "../../../contracts/interfaces/external/IUniswapV3SwapRouter.sol";
import {SmallVaultFixture} from "./utils/SmallVaultFixture.sol";

/// @notice Refusals of the vault's initialize and rebalance trade, each asserted with its custom error and arguments.
contract VaultEdgesTest is SmallVaultFixture {
    address internal trader = makeAddr("trader");
    IndexVault internal vault;
    address[] internal assets;

    function setUp() public override {
        super.setUp();
        assets = new address[](2);
        uint256[] memory units = new uint256[](2);
        (assets[0], units[0]) = (address(_newAsset("A", 6, 1)), 1e6);
        (assets[1], units[1]) = (address(_newAsset("B", 8, 2)), 0.5e8);
        vault = _vault(assets, units, IIndexVault.FeeParams(0, 0, 0));
        bytes32 role = vault.REBALANCER_ROLE();
        vm.prank(admin);
        vault.grantRole(role, trader);
    }

    // ------------------------------------------------------------ vault initialization

    function test_vaultInitialize_rejectsZeroAddressesAndTooManyAssets() public {
        uint256[] memory u = new uint256[](2);
        (u[0], u[1]) = (1, 1);
        IIndexVault.InitParams memory p = _params(assets, u, IIndexVault.FeeParams(0, 0, 0));
        p.oracle = address(0);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vaultDeployer.deploy(p);
        p = _params(assets, u, IIndexVault.FeeParams(0, 0, 0));
        p.admin = address(0);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vaultDeployer.deploy(p);
        p = _params(assets, u, IIndexVault.FeeParams(0, 0, 0));
        p.feeRecipient = address(0);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vaultDeployer.deploy(p);

        address[] memory many = new address[](101);
        uint256[] memory manyUnits = new uint256[](101);
        for (uint256 i; i < many.length; ++i) (many[i], manyUnits[i]) = (address(uint160(0x5000 + i)), 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.TooManyAssets.selector, 101, 100));
        vaultDeployer.deploy(_params(many, manyUnits, IIndexVault.FeeParams(0, 0, 0)));
    }

    function test_vaultInitialize_rejectsEachFeeAboveItsCap() public {
        uint256[] memory u = new uint256[](2);
        (u[0], u[1]) = (1, 1);
        IIndexVault.InitParams memory p = _params(assets, u, IIndexVault.FeeParams(0, 0, 0));
        uint256 maxMgmt = vault.MAX_MANAGEMENT_FEE();
        uint256 maxMr = vault.MAX_MINT_REDEEM_FEE();
        p.fees = IIndexVault.FeeParams(uint64(maxMgmt + 1), uint64(maxMr), 0);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, maxMgmt + 1, maxMgmt));
        vaultDeployer.deploy(p);
        p.fees = IIndexVault.FeeParams(0, uint64(maxMr + 1), 0);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, maxMr + 1, maxMr));
        vaultDeployer.deploy(p);
        p.fees = IIndexVault.FeeParams(0, 0, uint64(maxMr + 1));
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, maxMr + 1, maxMr));
        vaultDeployer.deploy(p);
    }

    function test_setFeeRecipient_rejectsZero() public {
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vm.prank(admin);
        vault.setFeeRecipient(address(0));
        assertEq(vault.feeRecipient(), feeRecipient);
    }

    // ------------------------------------------------------------ rebalanceTrade

    function test_rebalanceTrade_rejectsMalformedTrades() public {
        _mint(vault, alice, 10e18);
        (address a, address b) = (assets[0], assets[1]);
        vm.startPrank(trader);
        vm.expectRevert(IIndexVault.InvalidTrade.selector);
        vault.rebalanceTrade(a, 1, a, 1, bob, "");
        vm.expectRevert(IIndexVault.InvalidTrade.selector);
        vault.rebalanceTrade(a, 0, b, 1, bob, "");
        vm.expectRevert(IIndexVault.InvalidTrade.selector);
        vault.rebalanceTrade(a, 1, b, 0, bob, "");
        vm.expectRevert(IIndexVault.InvalidTrade.selector);
        vault.rebalanceTrade(a, 1, b, 1, address(0), "");
        vm.stopPrank();
    }

    function test_rebalanceTrade_rejectsAnEmptyVault() public {
        vm.expectRevert(IIndexVault.ZeroShares.selector);
        vm.prank(trader);
        vault.rebalanceTrade(assets[0], 1, assets[1], 1, bob, "");
    }

    function test_rebalanceTrade_rejectsUnknownSellUnpricedBuyAndMoreThanHeld() public {
        _mint(vault, alice, 10e18);
        address stranger = address(new MockERC20("S", "S", 18));
        vm.startPrank(trader);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.NotInBasket.selector, stranger));
        vault.rebalanceTrade(stranger, 1, assets[1], 1, bob, "");
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.MissingFeed.selector, stranger));
        vault.rebalanceTrade(assets[0], 1, stranger, 1, bob, "");
        uint256 held = MockERC20(assets[0]).balanceOf(address(vault));
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.TradeExceedsHoldings.selector, assets[0], held + 1, held));
        vault.rebalanceTrade(assets[0], held + 1, assets[1], 1, bob, "");
        vm.stopPrank();
    }

    function test_rebalanceTrade_rejectsUnitsBeyondUint96() public {
        _mint(vault, alice, 1e18);
        // With 1 share at scale 1e18 an accounted amount equals its units: held (exactly what the mint pulled) plus
        // what is bought.
        uint256 huge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.UnitsTooLarge.selector, assets[1], _held(1) + huge));
        vm.prank(trader);
        vault.rebalanceTrade(assets[0], 1, assets[1], huge, bob, "");
    }

    function _held(uint256 i) internal view returns (uint256) {
        return MockERC20(assets[i]).balanceOf(address(vault));
    }

    function test_rebalanceTrade_revertsOnAShortPayment() public {
        _mint(vault, alice, 10e18);
        FeeOnTransferToken fot = new FeeOnTransferToken(18);
        _addFeed(address(fot), 8, 1e8);
        fot.mint(bob, 100e18);
        vm.prank(bob);
        fot.approve(address(vault), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.ShortPayment.selector, address(fot), 99e18, 100e18));
        vm.prank(trader);
        vault.rebalanceTrade(assets[0], 1, address(fot), 100e18, bob, "");
    }
}

/// @notice Refusals of the oracle's, factory's and solver's set-up, and the factory's fee bounds view.
contract SetupEdgesTest is SmallVaultFixture {
    function test_oracle_rejectsZeroAdminAndMoreThan36Decimals() public {
        vm.expectRevert(IPriceOracle.ZeroAddress.selector);
        new PriceOracle(address(0));

        MockERC20 asset = _newAsset("A", 18, 1);
        MockERC20 wide = new MockERC20("W", "W", 37);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        vm.prank(admin);
        oracle.setFeed(address(wide), address(feed), HEARTBEAT, 1, type(uint128).max);

        MockV3Aggregator wideFeed = new MockV3Aggregator(37, 1e8);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        vm.prank(admin);
        oracle.setFeed(address(asset), address(wideFeed), HEARTBEAT, 1, type(uint128).max);
        assertTrue(oracle.hasFeed(address(asset)), "the previous feed stays");
    }

    function test_factory_rejectsZeroAddressesAndReportsItsFeeBounds() public {
        IndexVaultDeployer d = new IndexVaultDeployer();
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        new IndexFactory(IPriceOracle(address(0)), d, admin, guardian, feeRecipient);
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        new IndexFactory(oracle, IndexVaultDeployer(address(0)), admin, guardian, feeRecipient);
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        new IndexFactory(oracle, d, address(0), guardian, feeRecipient);
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        new IndexFactory(oracle, d, admin, guardian, address(0));

        IndexFactory factory = new IndexFactory(oracle, d, admin, guardian, feeRecipient);
        IIndexVault.FeeParams memory bounds = factory.maxFees();
        assertEq(bounds.managementFee, 0.1e18, "10 %/year");
        assertEq(bounds.mintFee, 0.05e18, "5 %");
        assertEq(bounds.redeemFee, 0.05e18, "5 %");
        vm.prank(admin);
        factory.setMaxFees(IIndexVault.FeeParams(0.01e18, 0.001e18, 0));
        bounds = factory.maxFees();
        assertEq(bounds.managementFee, 0.01e18);
        assertEq(bounds.mintFee, 0.001e18);
        assertEq(bounds.redeemFee, 0);
    }

    function test_solver_rejectsZeroRouterAdminAndQuoteToken() public {
        IUniswapV3SwapRouter r = IUniswapV3SwapRouter(makeAddr("router"));
        address quote = makeAddr("usdc");
        vm.expectRevert(UniswapSolver.ZeroAddress.selector);
        new UniswapSolver(IUniswapV3SwapRouter(address(0)), quote, admin, admin);
        vm.expectRevert(UniswapSolver.ZeroAddress.selector);
        new UniswapSolver(r, quote, address(0), admin);
        vm.expectRevert(UniswapSolver.ZeroAddress.selector);
        new UniswapSolver(r, address(0), admin, admin);

        UniswapSolver solver = new UniswapSolver(r, quote, admin, admin);
        vm.expectRevert(UniswapSolver.ZeroAddress.selector);
        vm.prank(admin);
        solver.setQuoteToken(address(0));
        assertEq(solver.quoteToken(), quote);
    }
}
