// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {IndexVaultDeployer} from "./IndexVaultDeployer.sol";
import {FeeMath} from "../libraries/FeeMath.sol";

/// @title IndexFactory
/// @notice Creates index vaults within bounds the DAO sets, and keeps the registry of every vault it made.
/// @dev Every vault gets `vaultAdmin` (the governance timelock once governance is live) as its admin and
///      `vaultGuardian` as its guardian. The vault itself re-validates its basket (1-100 distinct assets, each
///      with a feed, non-zero units), so a vault is safe whoever deploys it.
contract IndexFactory is AccessControl {
    /// @notice Role allowed to create vaults.
    bytes32 public constant VAULT_CREATOR_ROLE = keccak256("VAULT_CREATOR_ROLE");

    /// @notice Oracle every vault of this factory prices with.
    IPriceOracle public immutable oracle;
    /// @notice Contract holding the vault creation code.
    IndexVaultDeployer public immutable deployer;

    /// @notice Admin given to each new vault.
    address public vaultAdmin;
    /// @notice Guardian given to each new vault (zero for none).
    address public vaultGuardian;
    /// @notice Fee recipient given to each new vault.
    address public feeRecipient;
    /// @notice Most assets a new vault may hold (at most `IndexVault.MAX_ASSETS`).
    uint256 public maxAssets;
    /// @notice Highest fees a new vault may start with (each within the vault's hard caps).
    IIndexVault.FeeParams internal _maxFees;

    address[] internal _vaults;
    /// @notice Whether `vault` was created by this factory.
    mapping(address vault => bool) public isVault;

    error ZeroAddress();
    error TooManyAssets(uint256 count, uint256 max);
    error FeeAboveBound(uint256 fee, uint256 bound);
    error BoundAboveHardCap(uint256 bound, uint256 hardCap);

    event VaultCreated(
        address indexed vault,
        address indexed creator,
        string name,
        string symbol,
        address[] assets,
        uint256[] units
    );
    event VaultAdminSet(address indexed vaultAdmin);
    event VaultGuardianSet(address indexed vaultGuardian);
    event FeeRecipientSet(address indexed feeRecipient);
    event MaxAssetsSet(uint256 maxAssets);
    event MaxFeesSet(uint256 managementFee, uint256 mintFee, uint256 redeemFee);

    /// @param oracle_ Oracle for every vault.
    /// @param deployer_ Contract holding the vault creation code.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE and VAULT_CREATOR_ROLE; also the first `vaultAdmin`.
    /// @param guardian First `vaultGuardian` (may be zero).
    /// @param feeRecipient_ First `feeRecipient`.
    constructor(
        IPriceOracle oracle_,
        IndexVaultDeployer deployer_,
        address admin,
        address guardian,
        address feeRecipient_
    ) {
        if (
            address(oracle_) == address(0) ||
            address(deployer_) == address(0) ||
            admin == address(0) ||
            feeRecipient_ == address(0)
        ) revert ZeroAddress();
        oracle = oracle_;
        deployer = deployer_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(VAULT_CREATOR_ROLE, admin);
        vaultAdmin = admin;
        vaultGuardian = guardian;
        feeRecipient = feeRecipient_;
        maxAssets = FeeMath.MAX_ASSETS;
        _maxFees = IIndexVault.FeeParams(
            uint64(FeeMath.MAX_MANAGEMENT_FEE),
            uint64(FeeMath.MAX_MINT_REDEEM_FEE),
            uint64(FeeMath.MAX_MINT_REDEEM_FEE)
        );
        emit VaultAdminSet(admin);
        emit VaultGuardianSet(guardian);
        emit FeeRecipientSet(feeRecipient_);
        emit MaxAssetsSet(FeeMath.MAX_ASSETS);
        emit MaxFeesSet(FeeMath.MAX_MANAGEMENT_FEE, FeeMath.MAX_MINT_REDEEM_FEE, FeeMath.MAX_MINT_REDEEM_FEE);
    }

    /// @notice Creates and registers a vault.
    /// @param name ERC-20 name of the index token.
    /// @param symbol ERC-20 symbol of the index token.
    /// @param assets Basket tokens: 1 to `maxAssets`, distinct, each with an oracle feed.
    /// @param units Amount of each asset backing 1e18 shares, in the asset's own decimals.
    /// @param fees Initial fees, each at most the factory's bound.
    /// @return vault The new vault.
    function createVault(
        string calldata name,
        string calldata symbol,
        address[] calldata assets,
        uint256[] calldata units,
        IIndexVault.FeeParams calldata fees
    ) external onlyRole(VAULT_CREATOR_ROLE) returns (address vault) {
        if (assets.length > maxAssets) revert TooManyAssets(assets.length, maxAssets);
        IIndexVault.FeeParams memory bound = _maxFees;
        if (fees.managementFee > bound.managementFee) revert FeeAboveBound(fees.managementFee, bound.managementFee);
        if (fees.mintFee > bound.mintFee) revert FeeAboveBound(fees.mintFee, bound.mintFee);
        if (fees.redeemFee > bound.redeemFee) revert FeeAboveBound(fees.redeemFee, bound.redeemFee);

        vault = deployer.deploy(
            IIndexVault.InitParams({
                name: name,
                symbol: symbol,
                assets: assets,
                units: units,
                oracle: address(oracle),
                admin: vaultAdmin,
                guardian: vaultGuardian,
                feeRecipient: feeRecipient,
                fees: fees
            })
        );
        _vaults.push(vault);
        isVault[vault] = true;
        emit VaultCreated(vault, msg.sender, name, symbol, assets, units);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Sets the admin given to vaults created from now on.
    function setVaultAdmin(address vaultAdmin_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (vaultAdmin_ == address(0)) revert ZeroAddress();
        vaultAdmin = vaultAdmin_;
        emit VaultAdminSet(vaultAdmin_);
    }

    /// @notice Sets the guardian given to vaults created from now on (zero for none).
    function setVaultGuardian(address vaultGuardian_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        vaultGuardian = vaultGuardian_;
        emit VaultGuardianSet(vaultGuardian_);
    }

    /// @notice Sets the fee recipient given to vaults created from now on.
    function setFeeRecipient(address feeRecipient_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        feeRecipient = feeRecipient_;
        emit FeeRecipientSet(feeRecipient_);
    }

    /// @notice Sets the most assets a new vault may hold (1 to 100).
    function setMaxAssets(uint256 maxAssets_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (maxAssets_ == 0 || maxAssets_ > FeeMath.MAX_ASSETS)
            revert BoundAboveHardCap(maxAssets_, FeeMath.MAX_ASSETS);
        maxAssets = maxAssets_;
        emit MaxAssetsSet(maxAssets_);
    }

    /// @notice Sets the highest fees a new vault may start with; each within the vault's hard caps.
    function setMaxFees(IIndexVault.FeeParams calldata bound) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkCap(bound.managementFee, FeeMath.MAX_MANAGEMENT_FEE);
        _checkCap(bound.mintFee, FeeMath.MAX_MINT_REDEEM_FEE);
        _checkCap(bound.redeemFee, FeeMath.MAX_MINT_REDEEM_FEE);
        _maxFees = bound;
        emit MaxFeesSet(bound.managementFee, bound.mintFee, bound.redeemFee);
    }

    function _checkCap(uint256 bound, uint256 hardCap) internal pure {
        if (bound > hardCap) revert BoundAboveHardCap(bound, hardCap);
    }

    // ---------------------------------------------------------------- views

    /// @notice The fee bounds for new vaults.
    function maxFees() external view returns (IIndexVault.FeeParams memory) {
        return _maxFees;
    }

    /// @notice Number of vaults created.
    function vaultCount() external view returns (uint256) {
        return _vaults.length;
    }

    /// @notice Vaults created, from `offset`, at most `limit` of them (bounded pages for large registries).
    function getVaults(uint256 offset, uint256 limit) external view returns (address[] memory page) {
        uint256 total = _vaults.length;
        if (offset >= total) return new address[](0);
        uint256 end = offset + limit > total ? total : offset + limit;
        page = new address[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            page[i - offset] = _vaults[i];
        }
    }
}
