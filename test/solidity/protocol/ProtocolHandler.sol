// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../../contracts/mocks/BlockableERC20.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {TMAI} from "../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";
import {RevenueDistributor} from "../../../contracts/staking/RevenueDistributor.sol";
import {TMAIGovernor} from "../../../contracts/governance/TMAIGovernor.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {Proposals} from "../utils/Proposals.sol";

/// @notice Every deployed piece the handler drives.
struct Protocol {
    PriceOracle oracle;
    IndexVault vault;
    Rebalancer rebalancer;
    TMAI tmai;
    VeTMAI ve;
    RevenueDistributor dist;
    TimelockController timelock;
    TMAIGovernor gov;
    TestBidder bidder;
    address guardian;
    address methodologist;
    address treasury;
}

/// @notice Random use of the whole protocol by several actors, the guardian, the methodologist, a bidder and
///         governance. Every action that may legitimately fail is tried; the ones that must not fail (exits) or must
///         not succeed (admin calls by anyone but the timelock) set ghost flags the invariants read.
/// @dev Abstract: the concrete `ProtocolHandler` is declared in Protocol.invariants.t.sol, because the invariant
///      runner identifies a target contract by an artifact, and only test files (`*.t.sol`) get artifacts.
abstract contract ProtocolHandlerBase is Test {
    uint256 internal constant WEEK = 1 weeks;
    /// @dev USD (18 decimals) an action may gain by rounding: one wei per basket asset and then some.
    uint256 public constant DUST_PER_ACTION = 10;

    Protocol internal p;
    address[] public actors;
    address[] public tokens; // [frz, btc, eth, usdc]
    MockV3Aggregator[] internal feeds;
    uint256 public immutable bandLow;

    // ------------------------------------------------------------- ghosts
    /// @dev Per actor: USD value received minus value given, summed over its mints and redeems (each valued at the
    ///      prices of its own block); and how many such actions it made.
    mapping(address => int256) public ghostGain;
    mapping(address => uint256) public ghostValueActions;
    bool public navFellThroughMintOrRedeem;
    bool public bandViolated;
    /// @dev A bid whose accounting differed from the tokens it moved by more than one wei (P11), and what happened.
    bool public tradeAccountingBroken;
    string public tradeAccountingFailure;
    /// @dev A bid after which the backing per share fell by more than the band allows on the value sold (P12).
    bool public navFellThroughBid;
    uint256 public tinyBids;
    bool public exitFailed;
    string public exitFailure;
    bool public rogueAdminSucceeded;
    string public rogueAdminCall;
    /// @dev Revenue paid by claims, and claim calls, per revenue token.
    mapping(address => uint256) public ghostClaimed;
    mapping(address => uint256) public ghostClaimCalls;
    /// @dev Settings only governance changes: the management fee the last executed proposal set.
    uint256 public ghostManagementFee;

    uint256 public mints;
    uint256 public redeems;
    uint256 public bids;
    uint256 public auctionsStarted;
    uint256 public proposalsExecuted;
    uint256 public withdrawals;
    uint256 public claims;

    /// @dev Proposals made by the handler (one call each).
    struct Proposal {
        uint256 id;
        address target;
        bytes data;
        string desc;
        uint256 fee; // management fee it sets (0: not a fee change)
    }

    Proposal[] internal _proposals;

    constructor(Protocol memory p_, address[] memory actors_, address[] memory tokens_, MockV3Aggregator[] memory f) {
        p = p_;
        actors = actors_;
        tokens = tokens_;
        feeds = f;
        bandLow = p_.rebalancer.config(address(p_.vault)).bandLow;
        ghostManagementFee = p_.vault.fees().managementFee;
        for (uint256 a; a < actors_.length; ++a) {
            vm.startPrank(actors_[a]);
            for (uint256 i; i < tokens_.length; ++i) {
                MockERC20(tokens_[i]).approve(address(p_.vault), type(uint256).max);
            }
            p_.tmai.approve(address(p_.ve), type(uint256).max);
            vm.stopPrank();
            vm.prank(p_.treasury);
            p_.tmai.transfer(actors_[a], 5_000_000e18);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _failExit(string memory what) internal {
        if (!exitFailed) exitFailure = what;
        exitFailed = true;
    }

    // ------------------------------------------------------------- valuation at the handler's feed answers

    /// @dev USD value (18 decimals) of `amount` of `token` at its feed's answer (stale or not).
    function _value(address token, uint256 amount) internal view returns (uint256) {
        uint256 i;
        while (tokens[i] != token) ++i;
        return (amount * uint256(feeds[i].latestAnswer()) * 1e10) / 10 ** MockERC20(token).decimals();
    }

    /// @dev USD value of `shares` at the basket's current units (exact up to one wei per asset).
    function _shareValue(uint256 shares) internal view returns (uint256 v) {
        (address[] memory assets, uint256[] memory units) = p.vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            v += _value(assets[i], (shares * units[i]) / 1e18);
        }
    }

    function _basketValue(address[] memory assets, uint256[] memory amounts) internal view returns (uint256 v) {
        for (uint256 i; i < assets.length; ++i) {
            v += _value(assets[i], amounts[i]);
        }
    }

    function _frozen(address who) internal view returns (bool) {
        BlockableERC20 f = BlockableERC20(tokens[0]);
        return f.paused() || f.blocked(who);
    }

    // ------------------------------------------------------------- index vault

    function mint(uint256 actorSeed, uint256 shares) external {
        address actor = _actor(actorSeed);
        IndexVault vault = p.vault;
        if (vault.mintPaused() || _frozen(actor) || _frozen(address(vault))) return;
        shares = bound(shares, 1e12, 20_000e18);
        vault.accrueFees(); // the streaming fee is not part of what mint moves
        uint256[] memory need = vault.previewMint(shares);
        (address[] memory assets, uint256[] memory unitsBefore) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            if (need[i] != 0) MockERC20(assets[i]).mint(actor, need[i]);
        }
        uint256 navBefore = _shareValue(1e18);
        vm.prank(actor);
        uint256[] memory paid = vault.mint(shares, actor, need);
        ++mints;
        _record(actor, _shareValue(shares), _basketValue(assets, paid));
        (, uint256[] memory unitsAfter) = vault.getBasket();
        if (_shareValue(1e18) < navBefore || keccak256(abi.encode(unitsBefore)) != keccak256(abi.encode(unitsAfter))) {
            navFellThroughMintOrRedeem = true;
        }
    }

    /// @dev In-kind redeem of a fraction of the actor's shares: an exit, must never fail.
    function redeem(uint256 actorSeed, uint256 fraction) external {
        address actor = _actor(actorSeed);
        IndexVault vault = p.vault;
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0) return;
        uint256 shares = bound(fraction, 1, 100) == 100 ? balance : (balance * bound(fraction, 1, 100)) / 100;
        if (shares == 0) return;
        vault.accrueFees();
        (address[] memory assets, uint256[] memory unitsBefore) = vault.getBasket();
        uint256 navBefore = _shareValue(1e18);
        uint256 given = _shareValue(shares);
        uint256 n = assets.length;
        vm.prank(actor);
        try vault.redeem(shares, actor, new uint256[](n)) returns (uint256[] memory out) {
            ++redeems;
            _record(actor, _basketValue(assets, out), given);
        } catch {
            _failExit("redeem");
            return;
        }
        (, uint256[] memory unitsAfter) = vault.getBasket();
        if (_shareValue(1e18) < navBefore || keccak256(abi.encode(unitsBefore)) != keccak256(abi.encode(unitsAfter))) {
            navFellThroughMintOrRedeem = true;
        }
    }

    function _record(address actor, uint256 received, uint256 given) internal {
        ghostGain[actor] += int256(received) - int256(given);
        ++ghostValueActions[actor];
    }

    /// @dev A deferred amount (from a redeem while FRZ was frozen) is withdrawable once the token moves again.
    function withdrawDeferred(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        address token = tokens[0];
        if (p.vault.deferred(actor, token) == 0 || _frozen(actor) || _frozen(address(p.vault))) return;
        vm.prank(actor);
        try p.vault.withdrawDeferred(token, actor) {} catch {
            _failExit("withdrawDeferred");
        }
    }

    /// @dev FRZ's issuer pauses it, blocks an actor or the vault, or lifts all of it.
    function freeze(uint256 seed) external {
        BlockableERC20 f = BlockableERC20(tokens[0]);
        uint256 k = seed % 4;
        if (k == 0) f.setPaused(!f.paused());
        else if (k == 1) f.setBlocked(_actor(seed / 4), !f.blocked(_actor(seed / 4)));
        else if (k == 2) f.setBlocked(address(p.vault), !f.blocked(address(p.vault)));
        else {
            f.setPaused(false);
            f.setBlocked(address(p.vault), false);
            for (uint256 i; i < actors.length; ++i) {
                f.setBlocked(actors[i], false);
            }
        }
    }

    // ------------------------------------------------------------- oracle and time

    /// @dev Moves one price by -20 % .. +20 % (kept within 1/4 .. 4x of launch, inside the oracle bounds).
    function movePrice(uint256 tokenSeed, uint256 bps) external {
        uint256 i = tokenSeed % feeds.length;
        int256 answer = feeds[i].latestAnswer();
        int256 moved = (answer * int256(8_000 + bound(bps, 0, 4_000))) / 10_000;
        int256 launch = int256([uint256(2e8), 100e8, 2_000e8, 1e8][i]);
        if (moved < launch / 4 || moved > launch * 4) return;
        feeds[i].updateAnswer(moved);
    }

    function refreshFeeds() external {
        for (uint256 i; i < feeds.length; ++i) {
            feeds[i].updateAnswer(feeds[i].latestAnswer());
        }
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 2 hours));
    }

    /// @dev Past the heartbeat: every feed is stale until refreshed or moved.
    function longWarp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1 days, 3 days));
    }

    // ------------------------------------------------------------- rebalancing

    function postTarget(uint256 seed) external {
        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        uint256 keep = seed % 3; // one basket asset kept, the rest moves to USDC
        a[0] = tokens[keep];
        a[1] = tokens[3];
        w[0] = bound(seed >> 8, 0.3e18, 0.7e18);
        w[1] = 1e18 - w[0];
        vm.prank(p.methodologist);
        try p.rebalancer.postTarget(address(p.vault), a, w, bytes32(0)) {} catch {}
    }

    function signalRegime(uint256 seed) external {
        vm.prank(p.methodologist);
        try p.rebalancer.signalRegime(address(p.vault), IRebalancer.Regime(seed % 2)) {} catch {}
        if (p.rebalancer.regimeDue(address(p.vault))) p.rebalancer.applyRegime(address(p.vault));
    }

    /// @dev A keeper starts a rebalance when one is due; half of the time the feeds have just updated.
    function startRebalance(uint256 seed) external {
        if (seed % 2 == 0) this.refreshFeeds();
        try p.rebalancer.startRebalance(address(p.vault)) {
            ++auctionsStarted;
        } catch {}
    }

    /// @dev The bidder fills a lot at the current auction price: a surplus asset for a deficit one, at most the lot
    ///      and the deficit. The vault must get at least the band's floor of the oracle value it sells. Sizes are
    ///      drawn from three ranges: tiny (1 to 1,000 wei), the whole surplus, or anything up to it.
    function bid(uint256 sellSeed, uint256 buySeed, uint256 amount) external {
        // the bidder may wait for a lower price (up to the auction's end)
        (, , uint256 end, ) = p.rebalancer.auction(address(p.vault));
        if (end > block.timestamp && (sellSeed >> 8) % 2 == 0)
            vm.warp(block.timestamp + ((sellSeed >> 9) % (end - block.timestamp + 1)));
        _bid(sellSeed, buySeed, amount);
    }

    /// @dev An attacker's burst: up to 20 bids in the same block, each of 1 to 1,000 wei of a surplus asset.
    function dustBids(uint256 sellSeed, uint256 buySeed, uint256 count) external {
        count = bound(count, 1, 20);
        for (uint256 k; k < count; ++k) {
            _bid(sellSeed + k, buySeed, (uint256(keccak256(abi.encode(sellSeed, k))) % 1000) << 2);
        }
    }

    function _bid(uint256 sellSeed, uint256 buySeed, uint256 amount) internal {
        (address sell, uint256 surplus) = _pick(sellSeed, true);
        (address buy, uint256 deficit) = _pick(buySeed, false);
        if (surplus == 0 || deficit == 0 || sell == buy) return;
        uint256 size = amount % 4;
        if (size == 0) amount = bound(amount >> 2, 1, surplus < 1000 ? surplus : 1000);
        else if (size == 1) amount = surplus;
        else amount = bound(amount >> 2, 1, surplus);
        uint256 quoted;
        for (uint256 k; k < 8; ++k) {
            try p.rebalancer.quote(address(p.vault), sell, buy, amount) returns (uint256 q) {
                quoted = q;
                break;
            } catch {
                amount /= 4; // over the lot or the deficit (or prices unusable): try a smaller lot
                if (amount == 0) return;
            }
        }
        if (quoted == 0) return;
        p.vault.accrueFees(); // so that the bid's own accrual mints nothing and the supply stays as measured
        TradeView memory before = _tradeView(sell, buy);
        try p.bidder.bid(address(p.vault), sell, buy, amount, "") returns (uint256 paid) {
            ++bids;
            if (amount <= 1000) ++tinyBids;
            uint256 sellValue = _value(sell, amount);
            uint256 buyValue = _value(buy, paid);
            // one wei of USD for rounding
            if ((buyValue + 1) * 1e18 < sellValue * (1e18 - bandLow)) bandViolated = true;
            _checkTrade(before, _tradeView(sell, buy), amount, paid, sellValue);
        } catch {}
    }

    /// @dev What a bid changes: accounted amounts and balances of both assets, and the backing per share.
    struct TradeView {
        address sell;
        address buy;
        uint256 sellAccounted;
        uint256 buyAccounted;
        uint256 sellBalance;
        uint256 buyBalance;
        uint256 backingPerShare; // USD 18 decimals per 1e18 shares, every asset to the wei
    }

    function _tradeView(address sell, address buy) internal view returns (TradeView memory v) {
        v.sell = sell;
        v.buy = buy;
        (v.sellAccounted, ) = p.vault.accountedOf(sell);
        (v.buyAccounted, ) = p.vault.accountedOf(buy);
        v.sellBalance = MockERC20(sell).balanceOf(address(p.vault));
        v.buyBalance = MockERC20(buy).balanceOf(address(p.vault));
        (address[] memory assets, uint256[] memory amounts) = p.vault.totalBasket();
        v.backingPerShare = (_basketValue(assets, amounts) * 1e18) / p.vault.totalSupply();
    }

    /// @dev P11: the accounted decrease of the sold asset equals what left the vault, the accounted increase of the
    ///      bought one what arrived, each within one wei. P12: the backing per share falls by at most the band's
    ///      share of the value sold (plus one wei of USD per share for rounding).
    function _checkTrade(
        TradeView memory b,
        TradeView memory a,
        uint256 sold,
        uint256 paid,
        uint256 sellValue
    ) internal {
        uint256 sent = b.sellBalance - a.sellBalance;
        uint256 received = a.buyBalance - b.buyBalance;
        if (sent != sold || received != paid) _tradeBroken("transfers differ from the bid", sold, sent);
        uint256 debited = b.sellAccounted - a.sellAccounted;
        if (debited > sent + 1 || debited + 1 < sent) _tradeBroken("sold asset debited != sent", debited, sent);
        uint256 credited = a.buyAccounted - b.buyAccounted;
        if (credited > received || credited + 1 < received) {
            _tradeBroken("bought asset credited != received", credited, received);
        }
        uint256 allowed = (sellValue * bandLow) / p.vault.totalSupply() + 1;
        if (a.backingPerShare + allowed < b.backingPerShare) navFellThroughBid = true;
    }

    function _tradeBroken(string memory what, uint256 got, uint256 expected) internal {
        if (tradeAccountingBroken) return;
        tradeAccountingBroken = true;
        tradeAccountingFailure = string.concat(what, ": ", vm.toString(got), " vs ", vm.toString(expected));
    }

    /// @dev First token from `seed` on with a surplus (or a deficit) in the running auction.
    function _pick(uint256 seed, bool surplusSide) internal view returns (address token, uint256 gapAmount) {
        for (uint256 k; k < tokens.length; ++k) {
            token = tokens[(seed + k) % tokens.length];
            (uint256 surplus, uint256 deficit) = p.rebalancer.gap(address(p.vault), token);
            gapAmount = surplusSide ? surplus : deficit;
            if (gapAmount != 0) return (token, gapAmount);
        }
    }

    // ------------------------------------------------------------- guardian

    /// @dev The guardian uses its powers: pause mint, auctions or new locks, or cancel a proposal.
    function guardianAct(uint256 seed) external {
        vm.startPrank(p.guardian);
        uint256 k = seed % 4;
        if (k == 0) {
            try p.vault.pauseMint() {} catch {}
        } else if (k == 1) {
            try p.rebalancer.pauseAuctions() {} catch {}
        } else if (k == 2) {
            try p.ve.pause() {} catch {}
        } else if (_proposals.length != 0) {
            Proposal storage pr = _proposals[(seed / 4) % _proposals.length];
            (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(pr.target, pr.data);
            try p.gov.cancel(t, v, c, keccak256(bytes(pr.desc))) {} catch {}
        }
        vm.stopPrank();
    }

    // ------------------------------------------------------------- staking and revenue

    function lock(uint256 actorSeed, uint256 amount, uint256 weeks_) external {
        address actor = _actor(actorSeed);
        VeTMAI ve = p.ve;
        if (ve.paused()) return;
        (uint256 locked, uint256 end) = ve.locked(actor);
        uint256 newEnd = (block.timestamp / WEEK + bound(weeks_, 1, 52)) * WEEK;
        vm.startPrank(actor);
        if (locked == 0) {
            ve.createLock(bound(amount, 1e18, 1_000_000e18), newEnd);
        } else if (end > block.timestamp) {
            if (amount % 2 == 0) ve.increaseAmount(bound(amount, 1, 100_000e18));
            else if (newEnd > end) ve.increaseUnlockTime(newEnd);
        }
        vm.stopPrank();
    }

    /// @dev Withdrawing an expired lock is an exit: must never fail (not even while new locks are paused).
    function withdrawLock(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        (uint256 locked, uint256 end) = p.ve.locked(actor);
        if (locked == 0 || end > block.timestamp) return;
        uint256 before = p.tmai.balanceOf(actor);
        vm.prank(actor);
        try p.ve.withdraw() {
            ++withdrawals;
            if (p.tmai.balanceOf(actor) != before + locked) _failExit("withdraw amount");
        } catch {
            _failExit("withdraw");
        }
    }

    function delegate(uint256 actorSeed, uint256 toSeed) external {
        address to = toSeed % 4 == 3 ? address(0) : _actor(toSeed);
        vm.prank(_actor(actorSeed));
        p.ve.delegate(to);
    }

    /// @dev Index fee shares reach the distributor as plain transfers and mints: checkpointing books them.
    function checkpointRevenue(uint256 amount) external {
        p.vault.accrueFees();
        p.dist.checkpointToken(address(p.vault));
        if (amount % 2 == 0) {
            amount = bound(amount, 1, 10_000e18);
            vm.startPrank(p.treasury);
            p.tmai.approve(address(p.dist), amount);
            p.dist.deposit(address(p.tmai), amount);
            vm.stopPrank();
        }
    }

    /// @dev Claims are exits: must never fail, whatever is paused.
    function claim(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        address[] memory t = new address[](2);
        (t[0], t[1]) = (address(p.tmai), address(p.vault));
        vm.prank(actor);
        try p.dist.claimMany(t) returns (uint256[] memory got) {
            ++claims;
            for (uint256 i; i < 2; ++i) {
                ghostClaimed[t[i]] += got[i];
                ++ghostClaimCalls[t[i]];
            }
        } catch {
            _failExit("claimMany");
        }
    }

    // ------------------------------------------------------------- governance

    /// @dev Proposes one of: unpause mint, unpause auctions, unpause locks, or a management fee (0 .. 10 %).
    function propose(uint256 actorSeed, uint256 kind) external {
        if (_proposals.length >= 8) return;
        address target;
        bytes memory data;
        uint256 fee;
        uint256 k = kind % 4;
        if (k == 0) (target, data) = (address(p.vault), abi.encodeCall(IndexVault.unpauseMint, ()));
        else if (k == 1) (target, data) = (address(p.rebalancer), abi.encodeCall(Rebalancer.unpauseAuctions, ()));
        else if (k == 2) (target, data) = (address(p.ve), abi.encodeCall(VeTMAI.unpause, ()));
        else {
            fee = bound(kind >> 8, 1, 0.1e18);
            (target, data) = (address(p.vault), abi.encodeCall(IndexVault.setManagementFee, (fee)));
        }
        string memory desc = string.concat("proposal ", vm.toString(_proposals.length));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(target, data);
        vm.prank(_actor(actorSeed));
        try p.gov.propose(t, v, c, desc) returns (uint256 id) {
            _proposals.push(Proposal(id, target, data, desc, fee));
        } catch {}
    }

    /// @dev Moves a proposal on: every actor votes while it is active (`support` from the seed, mostly for), then
    ///      it is queued once succeeded and executed once ready (anyone may).
    function govern(uint256 proposalSeed) external {
        if (_proposals.length == 0) return;
        Proposal storage pr = _proposals[proposalSeed % _proposals.length];
        IGovernor.ProposalState s = p.gov.state(pr.id);
        if (s == IGovernor.ProposalState.Active) {
            for (uint256 i; i < actors.length; ++i) {
                if (p.gov.hasVoted(pr.id, actors[i])) continue;
                vm.prank(actors[i]);
                try p.gov.castVote(pr.id, uint8((proposalSeed >> (8 + i)) % 4 == 3 ? 0 : 1)) {} catch {}
            }
            return;
        }
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(pr.target, pr.data);
        bytes32 descHash = keccak256(bytes(pr.desc));
        if (s == IGovernor.ProposalState.Succeeded) {
            try p.gov.queue(t, v, c, descHash) {} catch {}
        } else if (s == IGovernor.ProposalState.Queued) {
            try p.gov.execute(t, v, c, descHash) {
                ++proposalsExecuted;
                if (pr.fee != 0) ghostManagementFee = pr.fee;
            } catch {}
        }
    }

    /// @dev Anyone but the timelock (actors, guardian, methodologist, bidder, treasury) tries an admin call: all
    ///      must revert.
    function rogueAdmin(uint256 callerSeed, uint256 which) external {
        address[4] memory others = [p.guardian, p.methodologist, address(p.bidder), p.treasury];
        address caller = callerSeed % 2 == 0 ? _actor(callerSeed / 2) : others[(callerSeed / 2) % 4];
        (address target, bytes memory data) = _adminCall(which % 14, caller);
        vm.prank(caller);
        (bool ok, ) = target.call(data);
        if (ok) {
            rogueAdminSucceeded = true;
            rogueAdminCall = string.concat(vm.toString(which % 14), " by ", vm.toString(caller));
        }
    }

    function _adminCall(uint256 k, address caller) internal view returns (address, bytes memory) {
        IndexVault vault = p.vault;
        Rebalancer r = p.rebalancer;
        if (k == 0) return (address(vault), abi.encodeCall(IndexVault.setManagementFee, (0.1e18)));
        if (k == 1) return (address(vault), abi.encodeCall(IndexVault.unpauseMint, ()));
        if (k == 2) return (address(vault), abi.encodeCall(vault.grantRole, (vault.REBALANCER_ROLE(), caller)));
        if (k == 3) return (address(vault), abi.encodeCall(IndexVault.setFeeRecipient, (caller)));
        if (k == 4) {
            IRebalancer.Config memory c = r.config(address(vault));
            c.bandLow = 0.2e18;
            return (address(r), abi.encodeCall(Rebalancer.setConfig, (address(vault), c)));
        }
        if (k == 5) return (address(r), abi.encodeCall(Rebalancer.unpauseAuctions, ()));
        if (k == 6) return (address(r), abi.encodeCall(r.grantRole, (r.METHODOLOGIST_ROLE(), caller)));
        if (k == 7) {
            return (
                address(p.oracle),
                abi.encodeCall(PriceOracle.setFeed, (tokens[2], address(feeds[0]), 1 days, 1, type(uint128).max))
            );
        }
        if (k == 8) return (address(p.ve), abi.encodeCall(VeTMAI.setMinLockAmount, (1)));
        if (k == 9) return (address(p.ve), abi.encodeCall(VeTMAI.unpause, ()));
        if (k == 10) return (address(p.ve), abi.encodeCall(VeTMAI.setRevenueDistributor, (caller)));
        if (k == 11) return (address(p.dist), abi.encodeCall(RevenueDistributor.addRewardToken, (tokens[3])));
        if (k == 12) {
            return (
                address(p.timelock),
                abi.encodeCall(TimelockController.schedule, (address(vault), 0, "", 0, 0, 1 days))
            );
        }
        return (address(p.gov), abi.encodeWithSignature("setProposalThreshold(uint256)", 0));
    }
}
