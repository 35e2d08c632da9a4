// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC20} from "./MockERC20.sol";

/// @title BlockableERC20
/// @notice USDC-like test token whose transfers can be paused globally or blocked per address (reverting).
contract BlockableERC20 is MockERC20 {
    /// @notice When true every transfer reverts.
    bool public paused;
    /// @notice Addresses that can neither send nor receive.
    mapping(address account => bool) public blocked;

    error TokenPaused();
    error Blocked(address account);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) MockERC20(name_, symbol_, decimals_) {}

    /// @notice Pauses or resumes every transfer (test control).
    function setPaused(bool paused_) external {
        paused = paused_;
    }

    /// @notice Blocks or unblocks `account` (test control).
    function setBlocked(address account, bool blocked_) external {
        blocked[account] = blocked_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (paused) revert TokenPaused();
        if (blocked[from]) revert Blocked(from);
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
