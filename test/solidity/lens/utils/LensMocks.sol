// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Returns `data` as the current call's raw return data (any shape, whatever the declared return type).
abstract contract RawReturn {
    error GasBurnt(uint256 spins);

    function _returnRaw(bytes memory data) internal pure {
        assembly ("memory-safe") {
            return(add(data, 0x20), mload(data))
        }
    }

    /// @dev Spends (almost) all the gas it is given, then reverts.
    function _burnGas() internal view {
        uint256 spins;
        while (gasleft() > 2_000) {
            ++spins;
        }
        revert GasBurnt(spins);
    }
}

/// @notice A basket token whose `symbol()` answers in odd shapes and whose views can be made to revert, on demand
///         (after the oracle cached its decimals and the vault pulled it).
contract OddToken is ERC20, RawReturn {
    enum SymbolMode {
        Normal,
        Reverts,
        Bytes32,
        Long,
        BadOffset,
        Short,
        BurnsGas,
        Huge
    }

    error Broken();

    uint8 internal immutable _decimals;
    SymbolMode public symbolMode;
    /// @notice When true `decimals`, `balanceOf` and `allowance` revert.
    bool public broken;

    constructor(string memory symbol_, uint8 decimals_) ERC20(symbol_, symbol_) {
        _decimals = decimals_;
    }

    function setSymbolMode(SymbolMode mode) external {
        symbolMode = mode;
    }

    function setBroken(bool broken_) external {
        broken = broken_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function symbol() public view override returns (string memory) {
        SymbolMode m = symbolMode;
        if (m == SymbolMode.Reverts) revert Broken();
        if (m == SymbolMode.Bytes32) _returnRaw(abi.encode(bytes32("MKR")));
        if (m == SymbolMode.Long) return string(abi.encodePacked(_repeat("0123456789"), "!"));
        if (m == SymbolMode.BadOffset) _returnRaw(abi.encode(uint256(64), uint256(3), bytes32("ABC")));
        if (m == SymbolMode.Short) _returnRaw(abi.encodePacked(uint128(7)));
        if (m == SymbolMode.BurnsGas) _burnGas();
        if (m == SymbolMode.Huge) _returnRaw(new bytes(40_000));
        return super.symbol();
    }

    function decimals() public view override returns (uint8) {
        if (broken) revert Broken();
        return _decimals;
    }

    function balanceOf(address account) public view override returns (uint256) {
        if (broken) revert Broken();
        return super.balanceOf(account);
    }

    function allowance(address owner, address spender) public view override returns (uint256) {
        if (broken) revert Broken();
        return super.allowance(owner, spender);
    }

    /// @dev 100 characters: `s` ten times.
    function _repeat(string memory s) internal pure returns (bytes memory out) {
        for (uint256 i; i < 10; ++i) {
            out = abi.encodePacked(out, s);
        }
    }
}

/// @notice A Chainlink-like feed (8 decimals) that can revert, answer a short payload or burn its gas on demand.
contract OddFeed is RawReturn {
    enum Mode {
        Normal,
        Reverts,
        Short,
        BurnsGas
    }

    error FeedBroken();

    Mode public mode;
    int256 public answer;
    uint256 public updatedAt;

    constructor(int256 answer_) {
        setAnswer(answer_);
    }

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Sets the answer, dated now.
    function setAnswer(int256 answer_) public {
        answer = answer_;
        updatedAt = block.timestamp;
    }

    function decimals() external pure returns (uint8) {
        return 8;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        Mode m = mode;
        if (m == Mode.Reverts) revert FeedBroken();
        if (m == Mode.Short) _returnRaw(abi.encode(uint256(1)));
        if (m == Mode.BurnsGas) _burnGas();
        return (1, answer, updatedAt, updatedAt, 1);
    }
}
