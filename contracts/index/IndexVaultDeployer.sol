// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LibBytes} from "solady/src/utils/LibBytes.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IndexVault} from "./IndexVault.sol";

/// @title IndexVaultDeployer
/// @notice Deploys IndexVaults from their creation code, stored as data in two contracts written at construction.
/// @dev Why: a contract's runtime code may not exceed 24,576 bytes (EIP-170), and a deployer that embedded the
///      vault's creation code (about 24 KB) in its runtime sat at the limit. The creation code now only passes
///      through this contract's constructor (initcode may reach 49,152 bytes, EIP-3860) into two SSTORE2 data
///      contracts; the runtime code reads them back, so neither this contract nor the data contracts are near the
///      limit, and the vault can grow up to its own runtime limit. The code is `type(IndexVault).creationCode`,
///      fixed at compile time: verifying this contract's source verifies every vault it deploys.
///      Permissionless on purpose: a vault validates its own basket and roles, and only vaults created through
///      IndexFactory are registered. Deploying here directly gives an unregistered vault, nothing more.
contract IndexVaultDeployer {
    /// @dev Data contracts holding the first and the second half of IndexVault's creation code.
    address internal immutable _codeHead;
    address internal immutable _codeTail;

    /// @notice The vault's creation code could not be deployed (`params` rejected by its constructor bubble up with
    ///         the vault's own error instead; this is for a create that failed without one).
    error DeployFailed();

    constructor() {
        bytes memory code = type(IndexVault).creationCode;
        uint256 half = code.length / 2;
        _codeHead = SSTORE2.write(LibBytes.slice(code, 0, half));
        _codeTail = SSTORE2.write(LibBytes.slice(code, half, code.length));
    }

    /// @notice Deploys a vault with `params`.
    /// @param params Name, symbol, basket, oracle, roles and fees.
    /// @return vault The new vault.
    function deploy(IIndexVault.InitParams calldata params) external returns (address vault) {
        bytes memory initCode = bytes.concat(SSTORE2.read(_codeHead), SSTORE2.read(_codeTail), abi.encode(params));
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            vault := create(0, add(initCode, 0x20), mload(initCode))
            if iszero(vault) {
                let size := returndatasize()
                if size {
                    returndatacopy(0, 0, size)
                    revert(0, size)
                }
            }
        }
        if (vault == address(0)) revert DeployFailed();
    }

    /// @notice keccak256 of the vault creation code this deployer uses (without constructor arguments), so anyone
    ///         can check it against a build of IndexVault.
    function creationCodeHash() external view returns (bytes32) {
        return keccak256(bytes.concat(SSTORE2.read(_codeHead), SSTORE2.read(_codeTail)));
    }
}
