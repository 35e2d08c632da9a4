// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @title UnitsMath
/// @notice Basket units as 96-bit binary floats, so that a position keeps 88 significant bits whatever its size.
/// @dev A basket position is "units of the asset per 1e18 shares, at scale 1e18". Stored as an integer on a fixed grid
///      (the old design), a rebalance trade rounds the remaining position down to that grid: one step is about one
///      wei per whole share outstanding, so a 1-wei bid could destroy a whole step of backing. As a float
///      `m * 2^E` (m < 2^88, E in [-128, 8]) the step is at most 2^-87 of the position itself: any position
///      below 1.5e26 wei (150 million tokens of 18 decimals) is kept to the wei, and larger ones lose at most
///      2^-87 of their value per trade.
///
///      Encoding: `packed = m << 8 | (E + 128)`; zero is 0 (and only zero has m == 0). `fromAmount` stores the largest
///      float that, read back rounded down (as every redeem and trade reads it), gives the amount it was made from,
///      never more; `fromUnits` rounds launch units down.
library UnitsMath {
    uint256 internal constant MANTISSA_BITS = 88;
    uint256 internal constant BIAS = 128;
    /// @dev Largest exponent: values stay below 2^96, the bound of the old integer units.
    uint256 internal constant MAX_EXP = 8;
    uint256 internal constant WAD_SQUARED = 1e36;

    /// @notice Amount of the asset backing `shares` with units `packed` at `scale`: shares x units x scale / 1e36,
    ///         rounded up or down. With `scale` = 1, `shares` may be a basis (supply x scale).
    function amount(uint256 shares, uint96 packed, uint256 scale, bool roundUp) internal pure returns (uint256) {
        uint256 y;
        uint256 d = WAD_SQUARED;
        // unchecked: m < 2^88 and scale < 2^96, so m * scale < 2^184 and a left shift of at most 8 stays below 2^192;
        // the divisor is shifted by at most 128 bits (1e36 < 2^120).
        unchecked {
            uint256 e = uint256(packed) & 0xff;
            y = (uint256(packed) >> 8) * scale;
            if (e >= BIAS) y <<= e - BIAS;
            else d <<= BIAS - e;
        }
        return roundUp ? FixedPointMathLib.fullMulDivUp(shares, y, d) : FixedPointMathLib.fullMulDiv(shares, y, d);
    }

    /// @notice Units that make `basis` (supply x scale) back exactly `x` when read back rounded down: the largest
    ///         float strictly below `(x + 1) * 1e36 / basis` (zero for `x` = 0). Read back, `amount(basis, packed, 1,
    ///         false)` is `x` for every `x` below 2^87 (and within 2^-87 of it above).
    /// @return packed The float (0 when it does not fit).
    /// @return units About `x * 1e36 / basis`; at least 2^96 means it does not fit (the caller reverts).
    function fromAmount(uint256 x, uint256 basis) internal pure returns (uint96 packed, uint256 units) {
        if (x == 0) return (0, 0);
        // The largest integer strictly below (x + 1) * 1e36 / basis is ceil(that) - 1.
        uint256 c = FixedPointMathLib.fullMulDivUp(x + 1, WAD_SQUARED, basis);
        units = c - 1;
        if (units >> MANTISSA_BITS != 0) {
            // 89 bits or more: m = ceil(c / 2^shift) - 1 keeps m * 2^shift strictly below the bound
            uint256 shift = FixedPointMathLib.log2(units) + 1 - MANTISSA_BITS;
            if (shift > MAX_EXP) return (0, units);
            uint256 mHigh = ((c + (1 << shift) - 1) >> shift) - 1;
            return (uint96((mHigh << 8) | (BIAS + shift)), units);
        }
        // fewer bits: scale by 2^k so that the mantissa gets 88 bits; units < 2^b keeps m below 2^88
        uint256 k = units == 0 ? MANTISSA_BITS : MANTISSA_BITS - 1 - FixedPointMathLib.log2(units);
        uint256 m = FixedPointMathLib.fullMulDivUp(x + 1, WAD_SQUARED << k, basis) - 1;
        if (m != 0) packed = uint96((m << 8) | (BIAS - k));
    }

    /// @notice `units` (an integer per 1e18 shares, below 2^96, as a vault is launched with) as a float, rounded
    ///         down (exact below 2^88).
    function fromUnits(uint256 units) internal pure returns (uint96) {
        if (units == 0) return 0;
        if (units >> MANTISSA_BITS == 0) return uint96((units << 8) | BIAS);
        uint256 shift = FixedPointMathLib.log2(units) + 1 - MANTISSA_BITS;
        return uint96(((units >> shift) << 8) | (BIAS + shift));
    }
}
