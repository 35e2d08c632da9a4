// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";

/// @title AuctionMath
/// @notice Pure math of rebalance auctions. Prices are USD per whole token with 18 decimals, packed with the
///         token's decimals (`price << 8 | decimals`) so one word carries both.
library AuctionMath {
    uint256 internal constant WAD = 1e18;

    /// @notice Packs an 18-decimal USD price with the token's decimals.
    function pack(uint256 priceWad, uint8 decimals) internal pure returns (uint256) {
        return (priceWad << 8) | decimals;
    }

    /// @notice USD value (18 decimals) of `amount` token units at packed price `p`, rounded down.
    function value(uint256 amount, uint256 p) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDiv(amount, p >> 8, 10 ** (p & 0xff));
    }

    /// @notice Token units worth `valueWad` USD at packed price `p`, rounded down.
    function amountOf(uint256 valueWad, uint256 p) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDiv(valueWad, 10 ** (p & 0xff), p >> 8);
    }

    /// @notice Auction price factor at `now_`: falls linearly from 1 + high at `start` to 1 - low at `end`, then
    ///         stays there. Rounded up (in the vault's favour); non-increasing in time.
    function factor(
        uint256 high,
        uint256 low,
        uint256 start,
        uint256 end,
        uint256 now_
    ) internal pure returns (uint256) {
        uint256 elapsed = now_ > start ? now_ - start : 0;
        uint256 duration = end - start;
        if (elapsed >= duration) return WAD - low;
        return WAD + high - ((high + low) * elapsed) / duration;
    }

    /// @notice Amount of the bought asset (packed price `pBuy`) a bidder pays for `sellAmount` of the sold asset
    ///         (packed price `pSell`) at price factor `f`: sellValue x f / priceBuy, rounded up.
    function buyAmount(uint256 sellAmount, uint256 pSell, uint256 pBuy, uint256 f) internal pure returns (uint256) {
        uint256 sellValue = FixedPointMathLib.fullMulDivUp(sellAmount, pSell >> 8, 10 ** (pSell & 0xff));
        return
            FixedPointMathLib.fullMulDivUp(
                FixedPointMathLib.fullMulDivUp(sellValue, f, WAD),
                10 ** (pBuy & 0xff),
                pBuy >> 8
            );
    }

    /// @notice floor(x * y / d).
    function mulDiv(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDiv(x, y, d);
    }

    /// @notice ceil(x * y / d).
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return FixedPointMathLib.fullMulDivUp(x, y, d);
    }
}
