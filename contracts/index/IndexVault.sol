// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IRebalanceCallee} from "../interfaces/IRebalanceCallee.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {FeeMath} from "../libraries/FeeMath.sol";
import {UnitsMath} from "../libraries/UnitsMath.sol";

/// @title IndexVault
/// @notice ERC-20 index token backed in kind by a basket of up to 100 tokens.
/// @dev Basket accounting. Each asset has `baseUnits` (per 1e18 shares at scale 1e18, stored as an 88-bit float:
///      see UnitsMath); the vault-wide `scale` (1e18 at launch) shrinks as the streaming management fee is taken,
///      so one storage write covers every asset. What backs `s` shares of asset i is `s * baseUnits_i * scale /
///      1e36`: rounded up when pulled on mint, down when paid on redeem. Because units, not balances, define a
///      share, a donation cannot move the share price. A rebalance trade moves the accounted amounts by what it
///      transfers, to the wei (I5): the float keeps every position below 1.5e26 wei exact.
///
///      Invariants (held by test/solidity/IndexVault.invariants.t.sol):
///      - I1 totalSupply == sum of balances (OpenZeppelin ERC20).
///      - I2 for every asset: balanceOf(vault) >= accounted(totalSupply) + deferredTotal.
///      - I3 mint followed by redeem never returns more of any asset than was pulled.
///      - I4 in-kind redeem never depends on the oracle, the pause flag or another asset's transfer.
///      - I5 a rebalance trade lowers the sold asset's accounted amount by what left the vault and raises the bought
///        one's by what arrived, each within one wei (and within 2^-87 of a position above 1.5e26 wei).
///
///      Rebalancing (REBALANCER_ROLE, see docs/REBALANCING.md). Basket-order rule: positions are never reordered.
///      A bought new asset is appended; a sold-out asset keeps its slot with zero units (zero amounts are skipped
///      in transfers) until `compactBasket`, which the rebalancer calls only once an auction is over and which
///      removes zero-unit slots keeping the order of the rest. Every append or compaction bumps `basketVersion`.
///      `mint`/`redeem` arrays are positional: length n, or n + 1 with `basketVersion` as the last element
///      (which pins the exact layout); anything else reverts with `LengthMismatch`.
///
///      Slot table. Trades find a token's basket position through `_slotTable`, an open-addressing hash table of
///      `TABLE_SIZE` (512) 16-bit entries packed 16 to a storage word (32 words): an entry holds an 8-bit tag and
///      position + 1 of a basket slot (0 = empty). A token's home entry is bits 0-8 of keccak256(token), its tag
///      bits 9-16; lookups probe linearly from the home entry until an entry with the token's tag points at a slot
///      holding the token (each hit is checked against `_basket[position].token`; other tags are skipped without
///      reading their slot) or an entry is empty. At most `MAX_SLOTS` (200) entries are used, so the table is at
///      most 39 % full and every probe sequence ends within `MAX_SLOTS` + 1 entries. Invariant: the table holds
///      exactly one entry per basket slot, reachable from its token's home entry without crossing an empty entry.
///      `initialize` builds it (in memory, then one write per used word), an append inserts the new slot,
///      `compactBasket` rebuilds it. Why not a mapping: a mapping costs one fresh 22,100-gas write per asset at
///      creation; the table costs at most 32 such writes whatever the basket size.
///
///      Clones. Vaults are ERC-1167 minimal proxies (IndexVaultDeployer) of one implementation: the vault's state,
///      the token name and symbol and the EIP-712 domain (name, version "1", chain id, the vault's own address)
///      live in storage or are computed, and `initialize` runs once per clone. The implementation's constructor
///      locks it: it can never be initialized and its minting is paused.
contract IndexVault is IIndexVault, ERC20, IERC20Permit, IERC5267, Nonces, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to pause minting (never redeem). Unpausing is admin-only.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Role allowed to trade basket assets with bidders (the Rebalancer contract).
    bytes32 public constant REBALANCER_ROLE = keccak256("REBALANCER_ROLE");

    /// @notice Most assets a basket may hold.
    uint256 public constant MAX_ASSETS = FeeMath.MAX_ASSETS;
    /// @notice Most basket slots during a rebalance: the old and the new basket (each at most `MAX_ASSETS`) may
    ///         coexist until the sold-out slots are compacted.
    uint256 public constant MAX_SLOTS = 2 * FeeMath.MAX_ASSETS;
    /// @notice Hard cap of the streaming management fee: 10 % per year.
    uint256 public constant MAX_MANAGEMENT_FEE = FeeMath.MAX_MANAGEMENT_FEE;
    /// @notice Hard cap of the mint fee and of the redeem fee: 5 %.
    uint256 public constant MAX_MINT_REDEEM_FEE = FeeMath.MAX_MINT_REDEEM_FEE;

    uint256 internal constant WAD = 1e18;
    /// @dev Entries of the slot table (a power of two), and the mask that wraps a probe around it.
    uint256 internal constant TABLE_SIZE = 512;
    uint256 internal constant TABLE_MASK = 511;
    /// @dev Storage words of the slot table: 16 entries of 16 bits each per word.
    uint256 internal constant TABLE_WORDS = TABLE_SIZE / 16;
    /// @dev `_indexOf` of a token outside the basket.
    uint256 internal constant NOT_FOUND = type(uint256).max;

    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant VERSION_HASH = keccak256("1");

    /// @dev One basket entry, packed into a single storage slot. `baseUnits` is a UnitsMath float (0 = none).
    struct Asset {
        address token;
        uint96 baseUnits;
    }

    /// @notice A `permit` signature past its deadline.
    error ERC2612ExpiredSignature(uint256 deadline);
    /// @notice A `permit` signature not made by `owner`.
    error ERC2612InvalidSigner(address signer, address owner);

    /// @dev State read by every mint and redeem, packed into a single storage slot.
    struct FeeState {
        uint96 scale; // multiplies baseUnits; starts at 1e18 and only falls (as streaming fee is taken)
        uint32 lastAccrual; // timestamp the streaming fee was last taken
        uint64 ratePerSecond; // continuous streaming-fee rate per second, 18 decimals
        uint64 mintFee; // fraction of gross minted shares, 18 decimals
    }

    Asset[] internal _basket;
    FeeState internal _fee;

    /// @notice Receiver of all fees, as index shares (the protocol's revenue distributor).
    address public feeRecipient;
    /// @notice Redeem fee, fraction of redeemed shares, 18 decimals.
    uint64 public redeemFee;
    /// @notice Whether minting is paused by the guardian. Redeem is never paused.
    bool public mintPaused;
    /// @dev Whether `initialize` has run (set by the implementation's constructor too, which locks it).
    bool internal _initialized;

    /// @notice The oracle used for `navPerShare` (never on the in-kind path). Packed with the two fields below:
    ///         an append reads the oracle and bumps `basketVersion` in the same slot.
    IPriceOracle public oracle;
    /// @notice Streaming management fee per year, 18 decimals (as set; the charged rate is `ratePerSecond`).
    uint64 public managementFee;
    /// @notice Layout version of the basket: starts at 1, bumped whenever an asset is appended or slots are removed.
    uint32 public basketVersion;

    /// @dev The slot table (see the contract's notes): 512 16-bit entries (tag, position + 1), 16 per word.
    uint256[TABLE_WORDS] internal _slotTable;
    string internal _tokenName;
    string internal _tokenSymbol;

    /// @notice Assets owed to an account because their transfer reverted during a redeem.
    mapping(address account => mapping(address asset => uint256)) public deferred;
    /// @notice Sum of `deferred` per asset; held by the vault outside the basket.
    mapping(address asset => uint256) public deferredTotal;

    /// @notice Locks the implementation: it can never be initialized, and minting on it is paused.
    constructor() ERC20("", "") {
        _initialized = true;
        mintPaused = true;
    }

    /// @notice Sets up a new vault (a clone of the implementation): token name and symbol, basket, oracle, roles and
    ///         fees. Runs once; IndexVaultDeployer calls it in the transaction that creates the clone.
    /// @dev Rejects a bad basket: empty, more than `MAX_ASSETS`, mismatched lengths, a zero or duplicate token, zero
    ///      units or units above uint96, a token without an oracle feed.
    /// @param p Name, symbol, basket, oracle, roles and fees (see `IIndexVault.InitParams`).
    function initialize(InitParams calldata p) external {
        if (_initialized) revert AlreadyInitialized();
        _initialized = true;
        if (p.oracle == address(0) || p.admin == address(0) || p.feeRecipient == address(0)) revert ZeroAddress();
        IPriceOracle oracle_ = IPriceOracle(p.oracle);
        address[] calldata assets = p.assets;
        uint256[] calldata units = p.units;
        uint256 n = assets.length;
        if (n == 0) revert EmptyBasket();
        if (n > MAX_ASSETS) revert TooManyAssets(n, MAX_ASSETS);
        if (units.length != n) revert LengthMismatch(n, units.length);
        uint256[TABLE_WORDS] memory table;
        for (uint256 i; i < n; ++i) {
            address asset = assets[i];
            if (asset == address(0)) revert ZeroAddress();
            // Probe from the home entry: a duplicate would sit on this probe sequence (ends within n entries).
            (uint256 h, uint256 tag) = _key(asset);
            for (uint256 e = _entry(table, h); e != 0; e = _entry(table, h)) {
                if ((e & 0xff00) == tag && assets[(e & 0xff) - 1] == asset) revert DuplicateAsset(asset);
                h = (h + 1) & TABLE_MASK;
            }
            table[h >> 4] |= (tag | (i + 1)) << ((h & 15) << 4);
            uint256 u = units[i];
            if (u == 0) revert ZeroUnits(asset);
            if (u > type(uint96).max) revert UnitsTooLarge(asset, u);
            if (!oracle_.hasFeed(asset)) revert MissingFeed(asset);
            _basket.push(Asset(asset, UnitsMath.fromUnits(u)));
        }
        for (uint256 w; w < TABLE_WORDS; ++w) {
            if (table[w] != 0) _slotTable[w] = table[w];
        }
        _tokenName = p.name;
        _tokenSymbol = p.symbol;
        oracle = oracle_;
        feeRecipient = p.feeRecipient;
        basketVersion = 1;
        _fee = FeeState({scale: uint96(WAD), lastAccrual: uint32(block.timestamp), ratePerSecond: 0, mintFee: 0});
        _grantRole(DEFAULT_ADMIN_ROLE, p.admin);
        if (p.guardian != address(0)) _grantRole(GUARDIAN_ROLE, p.guardian);
        emit FeeRecipientSet(p.feeRecipient);
        _setFees(p.fees);
    }

    // ================================================================ views

    /// @inheritdoc IIndexVault
    function getBasket() external view returns (address[] memory assets, uint256[] memory units) {
        (uint256 scale_, ) = _previewAccrual();
        return _amounts(WAD, scale_, false);
    }

    /// @notice ERC-20 name of the index token (set by `initialize`).
    function name() public view override returns (string memory) {
        return _tokenName;
    }

    /// @notice ERC-20 symbol of the index token (set by `initialize`).
    function symbol() public view override returns (string memory) {
        return _tokenSymbol;
    }

    /// @notice EIP-712 domain separator of `permit`: name as `name()`, version "1", this chain, this vault.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return
            keccak256(
                abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(_tokenName)), VERSION_HASH, block.chainid, address(this))
            );
    }

    /// @notice The EIP-712 domain of `permit` (ERC-5267).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name_,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", _tokenName, "1", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    /// @notice Next `permit` nonce of `owner`.
    function nonces(address owner) public view override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @notice Number of assets in the basket.
    function basketSize() external view returns (uint256) {
        return _basket.length;
    }

    /// @notice Amount of each asset backing the whole supply (the vault's accounted holdings), fees accrued to now.
    /// @return assets Basket tokens.
    /// @return amounts Accounted amount of each; the real balance is never lower.
    function totalBasket() external view returns (address[] memory assets, uint256[] memory amounts) {
        (uint256 scale_, uint256 supply) = _previewAccrual();
        return _amounts(supply, scale_, false);
    }

    /// @inheritdoc IIndexVault
    function accountedOf(address asset) external view returns (uint256 amount, uint256 basis) {
        (uint256 scale_, uint256 supply) = _previewAccrual();
        basis = supply * scale_;
        uint256 i = _indexOf(asset);
        if (i != NOT_FOUND) amount = _amount(supply, _slot(i).baseUnits, scale_, false);
    }

    /// @inheritdoc IIndexVault
    function previewMint(uint256 shares) external view returns (uint256[] memory amountsIn) {
        (uint256 scale_, ) = _previewAccrual();
        (, amountsIn) = _amounts(shares + FeeMath.mintFeeShares(shares, _fee.mintFee), scale_, true);
    }

    /// @inheritdoc IIndexVault
    function previewRedeem(uint256 shares) external view returns (uint256[] memory amountsOut) {
        (uint256 scale_, ) = _previewAccrual();
        (, amountsOut) = _amounts(shares - FeeMath.redeemFeeShares(shares, redeemFee), scale_, false);
    }

    /// @inheritdoc IIndexVault
    function navPerShare() external view returns (uint256) {
        (uint256 scale_, ) = _previewAccrual();
        (address[] memory assets, uint256[] memory units) = _amounts(WAD, scale_, false);
        return oracle.getValue(assets, units);
    }

    /// @notice Current fee settings (annual management fee as set, mint and redeem fees).
    function fees() external view returns (FeeParams memory) {
        return FeeParams(managementFee, _fee.mintFee, redeemFee);
    }

    /// @notice The streaming-fee scale applied to every asset's base units (1e18 at launch), accrued to now.
    function scale() external view returns (uint256 current) {
        (current, ) = _previewAccrual();
    }

    /// @notice Timestamp the streaming fee was last taken.
    function lastFeeAccrual() external view returns (uint256) {
        return _fee.lastAccrual;
    }

    /// @notice Smallest mint fee allowed with the current management fee: one day of streaming fee.
    function minMintFee() public view returns (uint256) {
        return FeeMath.streamingFeeFraction(_fee.ratePerSecond, 1 days);
    }

    // ================================================================ holder actions

    /// @notice Sets `spender`'s allowance over `owner`'s shares to `value` with `owner`'s EIP-712 signature (ERC-2612).
    /// @param owner Holder who signed.
    /// @param spender Account allowed to spend.
    /// @param value New allowance.
    /// @param deadline Last timestamp the signature is valid.
    /// @param v Signature recovery byte.
    /// @param r Signature r.
    /// @param s Signature s.
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR(), structHash), v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    /// @inheritdoc IIndexVault
    function mint(
        uint256 shares,
        address receiver,
        uint256[] calldata maxAmountsIn
    ) external nonReentrant returns (uint256[] memory amountsIn) {
        if (mintPaused) revert MintPaused();
        if (shares == 0) revert ZeroShares();
        if (receiver == address(0)) revert ZeroAddress();
        uint256 n = _checkLayout(maxAmountsIn);

        (uint256 scale_, uint256 mintFee_) = _accrue();
        uint256 feeShares = FeeMath.mintFeeShares(shares, mintFee_);
        uint256 gross = shares + feeShares;
        // The mint into an empty vault (its launch) also checks what each token delivers, so a fee-on-transfer
        // token is refused before anyone relies on the basket; later mints skip the check (gas).
        bool checkDelivery = totalSupply() == 0;

        // Effects first: shares are credited, then assets are pulled (any failed pull reverts everything).
        _mint(receiver, shares);
        if (feeShares != 0) _mint(feeRecipient, feeShares);

        amountsIn = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Asset memory a = _basket[i];
            uint256 amountIn = _amount(gross, a.baseUnits, scale_, true);
            if (amountIn > maxAmountsIn[i]) revert MaxAmountInExceeded(a.token, amountIn, maxAmountsIn[i]);
            amountsIn[i] = amountIn;
            if (amountIn == 0) continue;
            if (checkDelivery) {
                _pullChecked(a.token, amountIn);
            } else {
                IERC20(a.token).safeTransferFrom(msg.sender, address(this), amountIn);
            }
        }
        emit Minted(msg.sender, receiver, shares, feeShares, amountsIn);
    }

    /// @inheritdoc IIndexVault
    /// @dev Uses no oracle and ignores the pause flag. A basket token whose transfer reverts does not block the
    ///      redeem: its amount is recorded in `deferred[receiver]` and can be withdrawn later.
    function redeem(
        uint256 shares,
        address receiver,
        uint256[] calldata minAmountsOut
    ) external nonReentrant returns (uint256[] memory amountsOut) {
        if (shares == 0) revert ZeroShares();
        if (receiver == address(0)) revert ZeroAddress();
        uint256 n = _checkLayout(minAmountsOut);

        (uint256 scale_, ) = _accrue();
        uint256 feeShares = FeeMath.redeemFeeShares(shares, redeemFee);
        uint256 net = shares - feeShares;

        _burn(msg.sender, net);
        if (feeShares != 0) _transfer(msg.sender, feeRecipient, feeShares);

        amountsOut = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Asset memory a = _basket[i];
            uint256 amountOut = _amount(net, a.baseUnits, scale_, false);
            if (amountOut < minAmountsOut[i]) revert MinAmountOutNotMet(a.token, amountOut, minAmountsOut[i]);
            amountsOut[i] = amountOut;
            if (amountOut != 0 && !IERC20(a.token).trySafeTransfer(receiver, amountOut)) {
                deferred[receiver][a.token] += amountOut;
                deferredTotal[a.token] += amountOut;
                emit TransferDeferred(receiver, a.token, amountOut);
            }
        }
        emit Redeemed(msg.sender, receiver, shares, feeShares, amountsOut);
    }

    /// @notice Withdraws the caller's deferred amount of `asset` (from a redeem whose transfer reverted) to `to`.
    /// @param asset The basket token owed.
    /// @param to Where to send it (any address, e.g. when the caller itself is blocklisted by the token).
    function withdrawDeferred(address asset, address to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _withdrawDeferred(msg.sender, asset, to);
    }

    /// @notice Sends `account`'s deferred amount of `asset` to `account` itself; anyone may call it.
    /// @param account The account owed.
    /// @param asset The basket token owed.
    function pushDeferred(address account, address asset) external nonReentrant {
        _withdrawDeferred(account, asset, account);
    }

    // ================================================================ rebalancing

    /// @notice Trades basket assets with `bidder` atomically: sends `sellAmount` of `sell`, calls the bidder back
    ///         if `data` is not empty, then pulls `buyAmount` of `buy` and checks the balance really rose by it.
    /// @dev Units of both assets are set so that the accounted amounts are (old -/+ traded) rounded down. Buying an
    ///      asset not in the basket appends it (needs an oracle feed, at most `MAX_SLOTS` slots). Pricing and
    ///      limits are the rebalancer's job; this only keeps I2 (accounted <= held). `nonReentrant`: a callback
    ///      cannot mint, redeem or trade again.
    /// @param sell Basket asset the vault gives.
    /// @param sellAmount Amount given; at most what the supply accounts for.
    /// @param buy Asset the vault receives (appended when new).
    /// @param buyAmount Amount received.
    /// @param bidder Counterparty: receives `sell`, pays `buy` (approval to this vault).
    /// @param data Passed to `IRebalanceCallee.onRebalanceBid` when non-empty.
    function rebalanceTrade(
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        address bidder,
        bytes calldata data
    ) external nonReentrant onlyRole(REBALANCER_ROLE) {
        if (sell == buy || sellAmount == 0 || buyAmount == 0 || bidder == address(0)) revert InvalidTrade();
        (uint256 sellHeld, uint256 buyHeld) = _retarget(sell, sellAmount, buy, buyAmount);
        emit RebalanceTraded(msg.sender, bidder, sell, sellAmount, buy, buyAmount, sellHeld, buyHeld);

        // Interactions: the bidder's payment is verified by the balance change, so a short payment reverts all.
        uint256 before = IERC20(buy).balanceOf(address(this));
        IERC20(sell).safeTransfer(bidder, sellAmount);
        if (data.length != 0) {
            IRebalanceCallee(bidder).onRebalanceBid(msg.sender, sell, sellAmount, buy, buyAmount, data);
        }
        IERC20(buy).safeTransferFrom(bidder, address(this), buyAmount);
        uint256 received = IERC20(buy).balanceOf(address(this)) - before;
        if (received < buyAmount) revert ShortPayment(buy, received, buyAmount);
    }

    /// @notice Removes every zero-unit slot, keeping the order of the other assets, and bumps `basketVersion`.
    /// @dev Called by the rebalancer only when an auction is over. Never empties the basket.
    function compactBasket() external nonReentrant onlyRole(REBALANCER_ROLE) {
        uint256 n = _basket.length;
        uint256 k;
        for (uint256 i; i < n; ++i) {
            Asset memory a = _basket[i];
            if (a.baseUnits != 0) {
                if (k != i) _basket[k] = a;
                ++k;
            }
        }
        if (k == n) return;
        if (k == 0) revert EmptyBasket();
        for (uint256 i = k; i < n; ++i) {
            _basket.pop();
        }
        // Rebuild the slot table for the k remaining slots (in memory, then only the words that changed).
        uint256[TABLE_WORDS] memory table;
        for (uint256 i; i < k; ++i) {
            (uint256 h, uint256 tag) = _key(_slot(i).token);
            while (_entry(table, h) != 0) h = (h + 1) & TABLE_MASK; // ends within i entries
            table[h >> 4] |= (tag | (i + 1)) << ((h & 15) << 4);
        }
        for (uint256 w; w < TABLE_WORDS; ++w) {
            if (_slotTable[w] != table[w]) _slotTable[w] = table[w];
        }
        emit BasketLayoutChanged(++basketVersion, k);
    }

    // ================================================================ guardian and admin

    /// @notice Pauses minting. Redeem and deferred withdrawals are never paused.
    function pauseMint() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        if (mintPaused) revert AlreadyPaused();
        mintPaused = true;
        emit MintPausedSet(msg.sender, true);
    }

    /// @notice Resumes minting. Admin only: the guardian cannot unpause.
    function unpauseMint() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!mintPaused) revert NotPaused();
        mintPaused = false;
        emit MintPausedSet(msg.sender, false);
    }

    /// @notice Sets the streaming management fee (per year, 18 decimals, at most 10 %). Accrues the old fee first.
    /// @param annualFee New fee; the mint fee must stay at least one day of it.
    function setManagementFee(uint256 annualFee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _accrue();
        _setFees(FeeParams(_toUint64(annualFee, MAX_MANAGEMENT_FEE), _fee.mintFee, redeemFee));
    }

    /// @notice Sets the mint fee (fraction of gross minted shares, 18 decimals, at most 5 %).
    /// @param mintFee_ New fee; at least one day of the streaming fee (see `minMintFee`).
    function setMintFee(uint256 mintFee_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _accrue();
        _setFees(FeeParams(managementFee, _toUint64(mintFee_, MAX_MINT_REDEEM_FEE), redeemFee));
    }

    /// @notice Sets the redeem fee (fraction of redeemed shares, 18 decimals, at most 5 %).
    /// @param redeemFee_ New fee.
    function setRedeemFee(uint256 redeemFee_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _accrue();
        _setFees(FeeParams(managementFee, _fee.mintFee, _toUint64(redeemFee_, MAX_MINT_REDEEM_FEE)));
    }

    /// @notice Sets the receiver of fee shares. Accrues pending streaming fee to the old recipient first.
    /// @param feeRecipient_ New recipient (non-zero).
    function setFeeRecipient(address feeRecipient_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        _accrue();
        feeRecipient = feeRecipient_;
        emit FeeRecipientSet(feeRecipient_);
    }

    /// @notice Takes the streaming management fee accrued since the last accrual. Anyone may call it.
    function accrueFees() external nonReentrant {
        _accrue();
    }

    // ================================================================ internal

    /// @dev Amount of an asset with `baseUnits` backing `shares` at `scale_`: shares * baseUnits * scale / 1e36.
    function _amount(uint256 shares, uint96 baseUnits, uint256 scale_, bool roundUp) internal pure returns (uint256) {
        return UnitsMath.amount(shares, baseUnits, scale_, roundUp);
    }

    /// @dev Every basket token and the amount of it backing `shares` at `scale_` (rounded up or down).
    function _amounts(
        uint256 shares,
        uint256 scale_,
        bool roundUp
    ) internal view returns (address[] memory assets, uint256[] memory amounts) {
        uint256 n = _basket.length;
        assets = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Asset memory a = _basket[i];
            assets[i] = a.token;
            amounts[i] = _amount(shares, a.baseUnits, scale_, roundUp);
        }
    }

    /// @dev Checks a positional per-asset array: length n, or n + 1 ending with the current `basketVersion`.
    function _checkLayout(uint256[] calldata arr) internal view returns (uint256 n) {
        n = _basket.length;
        uint256 len = arr.length;
        if (len != n && (len != n + 1 || arr[n] != basketVersion)) revert LengthMismatch(n, len);
    }

    /// @dev Effects of a rebalance trade: accrues fees, appends `buy` when new, and sets both assets' units so that
    ///      their accounted amounts become (old -/+ traded amount) exactly (I5); returns those two amounts.
    function _retarget(
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount
    ) internal returns (uint256 sellHeld, uint256 buyHeld) {
        (uint256 scale_, ) = _accrue();
        uint256 basis = totalSupply() * scale_;
        if (basis == 0) revert ZeroShares();
        uint256 i = _indexOf(sell);
        if (i == NOT_FOUND) revert NotInBasket(sell);
        uint256 j = _indexOf(buy);
        if (j == NOT_FOUND) {
            uint256 n = _basket.length;
            if (n >= MAX_SLOTS) revert TooManyAssets(n + 1, MAX_SLOTS);
            if (!oracle.hasFeed(buy)) revert MissingFeed(buy);
            _basket.push(Asset(buy, 0));
            (uint256 h, uint256 tag) = _key(buy);
            while (_storedEntry(h) != 0) h = (h + 1) & TABLE_MASK; // ends within n entries
            _slotTable[h >> 4] |= (tag | (n + 1)) << ((h & 15) << 4);
            emit BasketLayoutChanged(++basketVersion, n + 1);
            j = n;
        }
        Asset storage sold = _slot(i);
        Asset storage bought = _slot(j);
        uint256 held = _amount(basis, sold.baseUnits, 1, false);
        if (sellAmount > held) revert TradeExceedsHoldings(sell, sellAmount, held);
        sellHeld = held - sellAmount;
        buyHeld = _amount(basis, bought.baseUnits, 1, false) + buyAmount;
        sold.baseUnits = _unitsFor(sell, sellHeld, basis);
        bought.baseUnits = _unitsFor(buy, buyHeld, basis);
    }

    /// @dev Pulls `amount` of `token` from the caller and reverts unless exactly `amount` arrived.
    function _pullChecked(address token, uint256 amount) internal {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert UnsupportedToken(token, amount, received);
    }

    /// @dev Position of `token` in the basket, or `NOT_FOUND`: probes the slot table from the token's home entry to
    ///      the entry whose slot holds it or to an empty one. O(1) expected; at most `MAX_SLOTS` + 1 probes, since at
    ///      most `MAX_SLOTS` entries are used. Reads no array length (every entry points inside the basket).
    function _indexOf(address token) internal view returns (uint256) {
        (uint256 h, uint256 tag) = _key(token);
        for (uint256 e = _storedEntry(h); e != 0; e = _storedEntry(h)) {
            if ((e & 0xff00) == tag) {
                uint256 i = (e & 0xff) - 1;
                if (_slot(i).token == token) return i;
            }
            h = (h + 1) & TABLE_MASK;
        }
        return NOT_FOUND;
    }

    /// @dev Basket slot `i` without the array's bounds check (a storage read of its length): only for positions
    ///      taken from the slot table, which always point inside the basket.
    function _slot(uint256 i) internal view returns (Asset storage a) {
        Asset[] storage basket = _basket;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, basket.slot)
            a.slot := add(keccak256(0x00, 0x20), i)
        }
    }

    /// @dev Home entry of `token` in the slot table (bits 0-8 of keccak256(token)) and its tag (bits 9-16, placed
    ///      at bits 8-15 of an entry): an entry whose tag differs is skipped without reading its basket slot.
    function _key(address token) internal pure returns (uint256 h, uint256 tag) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, token)
            let hash := keccak256(0x00, 0x20)
            h := and(hash, TABLE_MASK)
            tag := and(shr(1, hash), 0xff00)
        }
    }

    /// @dev Entry `h` (tag << 8 | position + 1, 0 = empty) of the stored slot table.
    function _storedEntry(uint256 h) internal view returns (uint256) {
        return (_slotTable[h >> 4] >> ((h & 15) << 4)) & 0xffff;
    }

    /// @dev Entry `h` of a slot table being built in memory.
    function _entry(uint256[TABLE_WORDS] memory table, uint256 h) internal pure returns (uint256) {
        return (table[h >> 4] >> ((h & 15) << 4)) & 0xffff;
    }

    /// @dev Base units (a float) whose accounted amount for `basis` (supply x scale) is `amount` rounded down.
    function _unitsFor(address token, uint256 amount, uint256 basis) internal pure returns (uint96 packed) {
        uint256 u;
        (packed, u) = UnitsMath.fromAmount(amount, basis);
        if (u > type(uint96).max) revert UnitsTooLarge(token, u);
    }

    /// @dev Takes the streaming fee due since `lastAccrual`: mints shares to the fee recipient and lowers `scale`
    ///      so that supply x scale does not grow (the new shares are backed by what holders had).
    /// @return scale_ The scale after accrual.
    /// @return mintFee_ The mint fee (read from the same slot, returned to save a load).
    function _accrue() internal returns (uint256 scale_, uint256 mintFee_) {
        FeeState memory s = _fee;
        scale_ = s.scale;
        mintFee_ = s.mintFee;
        if (s.lastAccrual == block.timestamp) return (scale_, mintFee_);
        uint256 supply = totalSupply();
        uint256 feeShares;
        if (supply != 0 && s.ratePerSecond != 0) {
            (feeShares, scale_) = FeeMath.streamingFee(
                supply,
                scale_,
                s.ratePerSecond,
                block.timestamp - s.lastAccrual
            );
        }
        s.scale = uint96(scale_);
        s.lastAccrual = uint32(block.timestamp);
        _fee = s;
        if (feeShares != 0) {
            _mint(feeRecipient, feeShares);
            emit ManagementFeeAccrued(feeShares, scale_, block.timestamp);
        }
    }

    /// @dev Scale and supply as they would be after `_accrue()` now.
    function _previewAccrual() internal view returns (uint256 scale_, uint256 supply) {
        FeeState memory s = _fee;
        scale_ = s.scale;
        supply = totalSupply();
        if (supply != 0 && s.ratePerSecond != 0 && s.lastAccrual != block.timestamp) {
            uint256 feeShares;
            (feeShares, scale_) = FeeMath.streamingFee(
                supply,
                scale_,
                s.ratePerSecond,
                block.timestamp - s.lastAccrual
            );
            supply += feeShares;
        }
    }

    /// @dev Validates and stores all fees; emits an event for each.
    function _setFees(FeeParams memory p) internal {
        if (p.managementFee > MAX_MANAGEMENT_FEE) revert FeeTooHigh(p.managementFee, MAX_MANAGEMENT_FEE);
        if (p.mintFee > MAX_MINT_REDEEM_FEE) revert FeeTooHigh(p.mintFee, MAX_MINT_REDEEM_FEE);
        if (p.redeemFee > MAX_MINT_REDEEM_FEE) revert FeeTooHigh(p.redeemFee, MAX_MINT_REDEEM_FEE);
        uint256 rate = FeeMath.ratePerSecond(p.managementFee);
        uint256 minMint = FeeMath.streamingFeeFraction(rate, 1 days);
        if (p.mintFee < minMint) revert MintFeeBelowDailyStreamingFee(p.mintFee, minMint);

        if (p.managementFee != managementFee || rate != _fee.ratePerSecond) {
            managementFee = p.managementFee;
            _fee.ratePerSecond = uint64(rate);
            emit ManagementFeeSet(p.managementFee, rate);
        }
        if (p.mintFee != _fee.mintFee) {
            _fee.mintFee = p.mintFee;
            emit MintFeeSet(p.mintFee);
        }
        if (p.redeemFee != redeemFee) {
            redeemFee = p.redeemFee;
            emit RedeemFeeSet(p.redeemFee);
        }
    }

    function _withdrawDeferred(address account, address asset, address to) internal {
        uint256 amount = deferred[account][asset];
        if (amount == 0) revert NothingToWithdraw(account, asset);
        deferred[account][asset] = 0;
        deferredTotal[asset] -= amount;
        emit DeferredWithdrawn(account, asset, to, amount);
        IERC20(asset).safeTransfer(to, amount);
    }

    function _toUint64(uint256 fee, uint256 max) internal pure returns (uint64) {
        if (fee > max) revert FeeTooHigh(fee, max);
        return uint64(fee);
    }
}
