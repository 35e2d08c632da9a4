// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IndexVault} from "./IndexVault.sol";

/// @title IndexVaultDeployer
/// @notice Deploys IndexVaults as ERC-1167 minimal proxies (clones) of one IndexVault implementation, which its
///         constructor deploys, and initializes each in the same call.
/// @dev Why clones: a vault deployed from its full creation code paid about 4 M gas for its ~19 KB of runtime code
///      (200 gas per byte) on every `createVault`; a clone is 45 bytes, and every vault runs the same audited code.
///      The implementation is locked by its constructor (it can never be initialized, its minting is paused), so
///      it holds no state that matters. Verifying IndexVault at `implementation` verifies the code of every vault
///      this deployer creates (each vault's code is the ERC-1167 proxy pointing at it).
///      Permissionless on purpose: a vault validates its own basket and roles in `initialize`, and only vaults
///      created through IndexFactory are registered. Deploying here directly gives an unregistered vault, nothing
///      more.
contract IndexVaultDeployer {
    /// @notice The IndexVault every vault of this deployer delegates to.
    IndexVault public immutable implementation;

    constructor() {
        implementation = new IndexVault();
    }

    /// @notice Deploys a vault (a clone of `implementation`) and initializes it with `params`; a bad basket
    ///         reverts with the vault's own error.
    /// @param params Name, symbol, basket, oracle, roles and fees.
    /// @return vault The new vault.
    function deploy(IIndexVault.InitParams calldata params) external returns (address vault) {
        vault = Clones.clone(address(implementation));
        IndexVault(vault).initialize(params);
    }
}
