// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockERC20Permit
/// @notice MockERC20 (freely mintable, configurable decimals) with EIP-2612 `permit` (EIP-712 domain: the token's
///         name, version "1"), like USDC on real networks: for tests of the router's `selfPermit` with a payment
///         token. Tests only.
contract MockERC20Permit is ERC20Permit {
    uint8 internal immutable _decimals;

    /// @param name_ Token name (also the EIP-712 domain's name).
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals.
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to` (anyone may call: test token).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
