// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {MockERC20Permit} from "../../../../contracts/mocks/MockERC20Permit.sol";
import {IndexRouterFixture} from "../../coverage/IndexRouter.t.sol";

/// @notice The router fixture plus what the permit tests share: a holder with a private key, permit-capable tokens
///         deployed from their artifact, and EIP-2612 signatures for the router as spender.
abstract contract RouterPermitFixture is IndexRouterFixture {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    address internal holder;
    uint256 internal holderKey;

    function setUp() public virtual override {
        super.setUp();
        (holder, holderKey) = makeAddrAndKey("holder");
    }

    /// @dev From its artifact (`vm.getCode`), so a test contract does not embed the token's creation code (the
    ///      fixtures are near the transaction gas cap).
    function _newPermitToken(string memory name, uint8 decimals) internal returns (MockERC20Permit t) {
        bytes memory code = abi.encodePacked(
            vm.getCode("MockERC20Permit.sol:MockERC20Permit"),
            abi.encode(name, name, decimals)
        );
        assembly ("memory-safe") {
            t := create(0, add(code, 0x20), mload(code))
        }
        require(address(t) != address(0), "MockERC20Permit not deployed");
    }

    /// @dev `owner`'s (key `key`) EIP-2612 signature letting the router take `value` of `token` until `deadline`.
    function _sign(
        uint256 key,
        address token,
        address owner,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        IERC20Permit t = IERC20Permit(token);
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, address(router), value, t.nonces(owner), deadline)
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", t.DOMAIN_SEPARATOR(), structHash)));
    }
}
