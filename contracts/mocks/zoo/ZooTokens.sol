// SPDX-License-Identifier: MIT
// Test-only tokens: kept together as one zoo; the hook token must make an arbitrary call and bubble its revert.
// solhint-disable one-contract-per-file, avoid-low-level-calls, no-inline-assembly
pragma solidity 0.8.30;

import {MockERC20} from "../MockERC20.sol";

/// @title RevertOnZeroToken
/// @notice Test token that reverts on zero-amount transfers (some real tokens do).
contract RevertOnZeroToken is MockERC20 {
    error ZeroTransfer();

    constructor(uint8 decimals_) MockERC20("Zero-averse", "ZERO", decimals_) {}

    function _update(address from, address to, uint256 value) internal override {
        if (value == 0 && from != address(0)) revert ZeroTransfer();
        super._update(from, to, value);
    }
}

/// @title FeeOnTransferToken
/// @notice Test token that burns 1 % of every transfer (not of mints).
contract FeeOnTransferToken is MockERC20 {
    /// @dev A fee above 100 %.
    error FeeAboveWhole(uint256 bps);

    /// @notice Fee burnt on every transfer, basis points (1 % by default; a USDT-style switch can change it).
    uint256 public feeBps = 100;

    constructor(uint8 decimals_) MockERC20("Fee-on-transfer", "FOT", decimals_) {}

    /// @notice Sets the transfer fee (test control).
    /// @param bps Basis points, at most 10,000.
    function setFeeBps(uint256 bps) external {
        if (bps > 10_000) revert FeeAboveWhole(bps);
        feeBps = bps;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = (value * feeBps) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @title HookToken
/// @notice ERC-777-style test token: on every transfer it calls a hook that may call anything (e.g. re-enter).
contract HookToken is MockERC20 {
    address public hookTarget;
    bytes public hookData;

    constructor(uint8 decimals_) MockERC20("Hook", "HOOK", decimals_) {}

    /// @notice Sets the call made on every transfer (test control); empty data disables it.
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hookData.length != 0 && from != address(0)) {
            (bool ok, bytes memory ret) = hookTarget.call(hookData);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}

/// @title RebasingToken
/// @notice Test token whose balances all scale by a factor the test sets (positive or negative rebase).
contract RebasingToken is MockERC20 {
    uint256 public factor = 1e18;

    constructor(uint8 decimals_) MockERC20("Rebasing", "REB", decimals_) {}

    /// @notice Rebases every balance to `factor_ / 1e18` of its base amount (test control).
    function rebase(uint256 factor_) external {
        factor = factor_;
    }

    function balanceOf(address account) public view override returns (uint256) {
        return (super.balanceOf(account) * factor) / 1e18;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, (value * 1e18) / factor);
    }
}
