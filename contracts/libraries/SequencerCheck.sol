// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title SequencerCheck
/// @notice Chainlink L2 sequencer-uptime check: prices read on an L2 are refused while its sequencer is down and
///         for a grace period after it comes back (users could not react while it was down, and feeds catch up).
/// @dev The errors have the signatures of `IPriceOracle`'s, so a caller decodes them the same way whichever contract
///      refused. A zero feed means L1 (no sequencer): no check.
library SequencerCheck {
    /// @notice The sequencer-uptime feed says the sequencer is down (or has no valid round yet).
    error SequencerDown();
    /// @notice The sequencer came back up at `upSince`, less than `gracePeriod` seconds ago.
    error SequencerGracePeriod(uint256 upSince, uint256 gracePeriod);

    /// @notice Reverts while the sequencer is down or within `gracePeriod` seconds of coming back up.
    /// @param feed Chainlink sequencer-uptime feed (answer 0 = up, 1 = down); zero skips the check (L1).
    /// @param gracePeriod Seconds after the sequencer comes back during which prices are refused.
    function check(address feed, uint256 gracePeriod) internal view {
        if (feed == address(0)) return;
        (, int256 answer, uint256 startedAt, , ) = AggregatorV3Interface(feed).latestRoundData();
        // answer 1 means down; startedAt 0 means the feed has no valid round yet (treated as down).
        if (answer != 0 || startedAt == 0) revert SequencerDown();
        // A status change dated in the future is treated as just now (refused, not an arithmetic panic).
        if (startedAt > block.timestamp || block.timestamp - startedAt <= gracePeriod) {
            revert SequencerGracePeriod(startedAt, gracePeriod);
        }
    }
}
