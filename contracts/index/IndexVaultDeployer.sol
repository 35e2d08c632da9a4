// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IndexVault} from "./IndexVault.sol";

/// @title IndexVaultDeployer
/// @notice Holds IndexVault's creation code so that IndexFactory stays under the 24,576-byte code size limit.
/// @dev Permissionless on purpose: a vault validates its own basket and roles, and only vaults created through
///      IndexFactory are registered. Deploying here directly gives an unregistered vault, nothing more.
contract IndexVaultDeployer {
    /// @notice Deploys a vault with `params`.
    /// @param params Name, symbol, basket, oracle, roles and fees.
    /// @return vault The new vault.
    function deploy(IIndexVault.InitParams calldata params) external returns (address vault) {
        vault = address(new IndexVault(params));
    }
}
