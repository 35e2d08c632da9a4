// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @title FeeMath
/// @notice Pure math for index fees. All fractions are 18-decimal (1e18 = 100 %).
/// @dev Streaming fee model: holders keep exp(-rate * t) of their value after t seconds, so fees compound every
///      second and a fee of `f` per year means holders keep exactly (1 - f) after 365 days:
///      rate = -ln(1 - f) / 365 days.
library FeeMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant YEAR = 365 days;

    /// @notice Hard cap of the streaming management fee: 10 % per year.
    uint256 internal constant MAX_MANAGEMENT_FEE = 0.1e18;
    /// @notice Hard cap of the mint fee and of the redeem fee: 5 %.
    uint256 internal constant MAX_MINT_REDEEM_FEE = 0.05e18;
    /// @notice Most assets one basket may hold.
    uint256 internal constant MAX_ASSETS = 100;

    /// @notice Continuous per-second rate (18 decimals) equivalent to `annualFee` per year, rounded down.
    function ratePerSecond(uint256 annualFee) internal pure returns (uint256) {
        if (annualFee == 0) return 0;
        // lnWad of a value in (0, 1e18) is negative; annualFee < 1e18 is guaranteed by the callers' caps.
        return uint256(-FixedPointMathLib.lnWad(int256(WAD - annualFee))) / YEAR;
    }

    /// @notice Fraction of value taken by the streaming fee over `elapsed` seconds at `rate`, 18 decimals.
    function streamingFeeFraction(uint256 rate, uint256 elapsed) internal pure returns (uint256) {
        return WAD - _keep(rate, elapsed);
    }

    /// @notice Shares to mint to the fee recipient for `elapsed` seconds of streaming fee on `supply`, and the new
    ///         unit scale such that (supply + feeShares) * newScale <= supply * scale (nothing is created).
    function streamingFee(
        uint256 supply,
        uint256 scale,
        uint256 rate,
        uint256 elapsed
    ) internal pure returns (uint256 feeShares, uint256 newScale) {
        uint256 keep = _keep(rate, elapsed);
        // supply / (supply + feeShares) = keep, rounded down so the recipient never takes more than its due.
        feeShares = FixedPointMathLib.fullMulDiv(supply, WAD - keep, keep);
        newScale = feeShares == 0 ? scale : FixedPointMathLib.fullMulDiv(scale, supply, supply + feeShares);
    }

    /// @notice Fee shares on top of `shares` so that they are exactly `mintFee` of the gross minted, rounded up.
    function mintFeeShares(uint256 shares, uint256 mintFee) internal pure returns (uint256) {
        if (mintFee == 0) return 0;
        return FixedPointMathLib.fullMulDivUp(shares, mintFee, WAD - mintFee);
    }

    /// @notice Fee shares out of `shares` redeemed, rounded up.
    function redeemFeeShares(uint256 shares, uint256 redeemFee) internal pure returns (uint256) {
        if (redeemFee == 0) return 0;
        return FixedPointMathLib.fullMulDivUp(shares, redeemFee, WAD);
    }

    /// @notice floor(x * y / d) with a 512-bit intermediate product.
    function mulDiv(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDiv(x, y, d);
    }

    /// @notice ceil(x * y / d) with a 512-bit intermediate product.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDivUp(x, y, d);
    }

    /// @dev exp(-rate * elapsed) in 18 decimals; never zero within a uint32 timestamp range at capped rates.
    function _keep(uint256 rate, uint256 elapsed) private pure returns (uint256) {
        if (rate == 0 || elapsed == 0) return WAD;
        return uint256(FixedPointMathLib.expWad(-int256(rate * elapsed)));
    }
}
