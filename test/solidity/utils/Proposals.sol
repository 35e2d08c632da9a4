// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Builds the arrays of Governor proposals in tests.
library Proposals {
    /// @dev A one-call proposal: `data` sent to `target` with no value.
    function one(
        address target,
        bytes memory data
    ) internal pure returns (address[] memory targets, uint256[] memory values, bytes[] memory calls) {
        targets = new address[](1);
        targets[0] = target;
        values = new uint256[](1);
        calls = new bytes[](1);
        calls[0] = data;
    }
}
