// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title BaselineBasket
/// @notice Benchmark floor for in-kind mint and redeem: it knows its N tokens (one storage slot each, like any
///         on-chain basket), moves the given amounts with SafeERC20 and updates one balance. Nothing else: no
///         fees, no rounding, no checks, no events of its own. Never deploy it for real.
contract BaselineBasket {
    using SafeERC20 for IERC20;

    address[] public tokens;
    mapping(address account => uint256) public balanceOf;

    constructor(address[] memory tokens_) {
        tokens = tokens_;
    }

    /// @notice Pulls `amounts[i]` of every token from the caller and credits `shares`.
    function mint(uint256 shares, uint256[] calldata amounts) external {
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) {
            IERC20(tokens[i]).safeTransferFrom(msg.sender, address(this), amounts[i]);
        }
        balanceOf[msg.sender] += shares;
    }

    /// @notice Debits `shares` and pays `amounts[i]` of every token to the caller.
    function redeem(uint256 shares, uint256[] calldata amounts) external {
        balanceOf[msg.sender] -= shares;
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) {
            IERC20(tokens[i]).safeTransfer(msg.sender, amounts[i]);
        }
    }
}
