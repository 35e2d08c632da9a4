// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TMAI
/// @notice The protocol's ERC-20 token with EIP-2612 permit. The whole supply is minted once, at deployment, to the
///         treasury; there is no mint or burn function afterwards.
contract TMAI is ERC20, ERC20Permit {
    /// @notice Total and fixed supply: one billion tokens, 18 decimals.
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000e18;

    /// @notice The treasury address given at deployment is zero.
    error ZeroTreasury();

    /// @param treasury Receives the whole fixed supply.
    constructor(address treasury) ERC20("TMAI", "TMAI") ERC20Permit("TMAI") {
        if (treasury == address(0)) revert ZeroTreasury();
        _mint(treasury, TOTAL_SUPPLY);
    }
}
