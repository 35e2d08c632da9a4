// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StakingFixture} from "./utils/StakingFixture.sol";
import {TMAI} from "../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";
import {RevenueDistributor} from "../../../contracts/staking/RevenueDistributor.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";

/// @dev Random lock, delegation, time, revenue and claim actions by a few actors.
contract StakingHandler is Test {
    uint256 internal constant WEEK = 1 weeks;

    TMAI internal tmai;
    VeTMAI internal ve;
    RevenueDistributor internal dist;
    address internal treasury;
    address[] public actors;
    address[] public tokens;

    /// @dev Per token: amount paid by claims (and claim-and-lock) seen by the handler, and number of claim calls.
    mapping(address => uint256) public ghostClaimed;
    mapping(address => uint256) public ghostClaimCalls;
    /// @dev Set if a repeated claim in the same second ever paid anything.
    bool public doubleClaimPaid;

    /// @dev Past observations: re-read by the invariant, must not change.
    struct Observation {
        address account;
        uint256 t;
        uint256 balance;
        uint256 votes;
        uint256 total;
    }

    Observation[] internal _observations;

    constructor(TMAI tmai_, VeTMAI ve_, RevenueDistributor dist_, address treasury_, address[] memory tokens_) {
        tmai = tmai_;
        ve = ve_;
        dist = dist_;
        treasury = treasury_;
        tokens = tokens_;
        for (uint256 i; i < 4; ++i) {
            address a = makeAddr(string(abi.encodePacked("actor", vm.toString(i))));
            actors.push(a);
            vm.prank(treasury_);
            tmai_.transfer(a, 10_000_000e18);
            vm.prank(a);
            tmai_.approve(address(ve_), type(uint256).max);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function observationCount() external view returns (uint256) {
        return _observations.length;
    }

    function observation(uint256 i) external view returns (Observation memory) {
        return _observations[i];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    // ------------------------------------------------------------- actions

    function createLock(uint256 seed, uint256 amount, uint256 weeks_) external {
        address a = _actor(seed);
        (uint256 locked_, uint256 end) = ve.locked(a);
        if (locked_ != 0 && end <= block.timestamp) {
            vm.prank(a);
            ve.withdraw();
        } else if (locked_ != 0) {
            return;
        }
        amount = bound(amount, 1e18, 1_000_000e18);
        weeks_ = bound(weeks_, 1, 52);
        vm.prank(a);
        ve.createLock(amount, (block.timestamp / WEEK + weeks_) * WEEK);
    }

    function increaseAmount(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        (uint256 locked_, uint256 end) = ve.locked(a);
        if (locked_ == 0 || end <= block.timestamp) return;
        vm.prank(a);
        ve.increaseAmount(bound(amount, 1, 1_000_000e18));
    }

    function increaseUnlockTime(uint256 seed, uint256 weeks_) external {
        address a = _actor(seed);
        (uint256 locked_, uint256 end) = ve.locked(a);
        if (locked_ == 0 || end <= block.timestamp) return;
        uint256 newEnd = (block.timestamp / WEEK + bound(weeks_, 1, 52)) * WEEK;
        if (newEnd <= end) return;
        vm.prank(a);
        ve.increaseUnlockTime(newEnd);
    }

    function withdraw(uint256 seed) external {
        address a = _actor(seed);
        (uint256 locked_, uint256 end) = ve.locked(a);
        if (locked_ == 0 || end > block.timestamp) return;
        vm.prank(a);
        ve.withdraw();
    }

    function delegate(uint256 seed, uint256 toSeed) external {
        address a = _actor(seed);
        address to = toSeed % 5 == 4 ? address(0) : _actor(toSeed);
        vm.prank(a);
        ve.delegate(to);
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 10 days));
        _observe();
    }

    function deposit(uint256 tokenSeed, uint256 amount) external {
        address token = tokens[tokenSeed % tokens.length];
        if (token == address(tmai)) {
            amount = bound(amount, 1, 100_000e18);
            vm.startPrank(treasury);
            tmai.approve(address(dist), amount);
            dist.deposit(token, amount);
            vm.stopPrank();
        } else {
            amount = bound(amount, 1, MockERC20(token).decimals() == 6 ? 1_000_000e6 : 1_000e18);
            MockERC20(token).mint(address(this), amount);
            MockERC20(token).approve(address(dist), amount);
            dist.deposit(token, amount);
        }
    }

    function sendDirectly(uint256 tokenSeed, uint256 amount) external {
        address token = tokens[(tokenSeed % (tokens.length - 1)) + 1]; // a mock token: minted like vault fee shares
        MockERC20(token).mint(address(dist), bound(amount, 1, 1_000e6));
        if (amount % 2 == 0) dist.checkpointToken(token);
    }

    function claim(uint256 seed, uint256 tokenSeed) external {
        address a = _actor(seed);
        address token = tokens[tokenSeed % tokens.length];
        vm.prank(a);
        uint256 got = dist.claim(token);
        ghostClaimed[token] += got;
        ghostClaimCalls[token] += 1;
        vm.prank(a);
        uint256 again = dist.claim(token);
        ghostClaimCalls[token] += 1;
        // Only true if more than 52 weeks were pending; the handler never warps that far between claims.
        if (again != 0) doubleClaimPaid = true;
    }

    function claimAndLock(uint256 seed) external {
        address a = _actor(seed);
        (uint256 locked_, uint256 end) = ve.locked(a);
        if (locked_ == 0 || end <= block.timestamp) return;
        if (dist.claimable(a, address(tmai)) == 0) return;
        vm.prank(a);
        uint256 got = dist.claimAndLock();
        ghostClaimed[address(tmai)] += got;
        ghostClaimCalls[address(tmai)] += 1;
    }

    /// @dev Records values at a past second (this block's timestamp minus one).
    function _observe() internal {
        if (_observations.length >= 30) return;
        uint256 t = block.timestamp - 1;
        address a = actors[_observations.length % actors.length];
        _observations.push(Observation(a, t, ve.balanceOfAt(a, t), ve.getPastVotes(a, t), ve.getPastTotalSupply(t)));
    }
}

/// @dev Invariants of veTMAI and the revenue distributor under random use.
contract StakingInvariantsTest is StakingFixture {
    StakingHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory tokens = new address[](3);
        tokens[0] = address(tmai);
        tokens[1] = address(usdc);
        tokens[2] = address(weth);
        handler = new StakingHandler(tmai, ve, dist, treasury, tokens);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = StakingHandler.createLock.selector;
        selectors[1] = StakingHandler.increaseAmount.selector;
        selectors[2] = StakingHandler.increaseUnlockTime.selector;
        selectors[3] = StakingHandler.withdraw.selector;
        selectors[4] = StakingHandler.delegate.selector;
        selectors[5] = StakingHandler.warp.selector;
        selectors[6] = StakingHandler.deposit.selector;
        selectors[7] = StakingHandler.sendDirectly.selector;
        selectors[8] = StakingHandler.claim.selector;
        selectors[9] = StakingHandler.claimAndLock.selector;
        selectors[10] = StakingHandler.warp.selector; // time passes often
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Exact in scaled units; the rounded scores differ by less than one unit per holder (each floors).
    function invariant_sumOfPowersEqualsTotal() public view {
        uint256 n = handler.actorCount();
        uint256 t = block.timestamp + 1; // opening of the next second: includes this block
        uint256 scaledSum;
        uint256 scoreSum;
        for (uint256 i; i < n; ++i) {
            address a = handler.actors(i);
            scaledSum += ve.scaledBalancesAt(a, t, 1)[0];
            scoreSum += ve.balanceOf(a);
        }
        assertEq(scaledSum, ve.scaledTotalSupplyAt(t));
        uint256 total = ve.totalSupply();
        assertLe(scoreSum, total);
        assertLe(total, scoreSum + n);
    }

    function invariant_delegatedVotesConserveTotal() public view {
        uint256 n = handler.actorCount();
        uint256 t = block.timestamp + 1;
        uint256 scaledVotes;
        uint256 votes;
        for (uint256 i; i < n; ++i) {
            address a = handler.actors(i);
            scaledVotes += ve.scaledVotesAt(a, t);
            votes += ve.getVotes(a);
        }
        assertEq(scaledVotes, ve.scaledTotalSupplyAt(t));
        uint256 total = ve.totalSupply();
        assertLe(votes, total);
        assertLe(total, votes + n);
    }

    function invariant_pastValuesNeverChange() public view {
        uint256 m = handler.observationCount();
        for (uint256 i; i < m; ++i) {
            StakingHandler.Observation memory o = handler.observation(i);
            assertEq(ve.balanceOfAt(o.account, o.t), o.balance);
            assertEq(ve.getPastVotes(o.account, o.t), o.votes);
            assertEq(ve.getPastTotalSupply(o.t), o.total);
        }
    }

    function invariant_revenueConservedWithBoundedDust() public view {
        address[3] memory tokens = [address(tmai), address(usdc), address(weth)];
        uint256 n = handler.actorCount();
        for (uint256 k; k < 3; ++k) {
            address token = tokens[k];
            uint256 claimableSum;
            for (uint256 i; i < n; ++i) {
                claimableSum += dist.claimable(handler.actors(i), token);
            }
            uint256 received = dist.totalReceived(token);
            uint256 claimed = dist.totalClaimed(token);
            assertEq(claimed, handler.ghostClaimed(token));
            assertEq(dist.accounted(token), received - claimed);
            uint256 outstanding = claimed + claimableSum + dist.pendingRevenue(token);
            assertLe(outstanding, received, "never more than received");
            // Dust: under one unit per claim call, plus one per holder's pending claimable.
            assertLe(received - outstanding, handler.ghostClaimCalls(token) + n, "dust bounded");
            assertGe(_balance(token), dist.accounted(token));
        }
    }

    function invariant_noDoubleClaim() public view {
        assertFalse(handler.doubleClaimPaid());
    }

    function _balance(address token) internal view returns (uint256) {
        return MockERC20(token).balanceOf(address(dist));
    }
}
