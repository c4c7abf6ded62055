using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// <c>budget_transfer_batch</c> judges and applies a regular batch in one statement instead of a
    /// separate regularity check followed by the set-based write: the accounts are read once, the
    /// check uses the running balances the write computes anyway, and every write is conditioned on
    /// the verdict (an irregular batch writes nothing there and goes transfer by transfer, as before).
    /// The statement lines and wallet balances are part of the statement only when a locked account
    /// belongs to a wallet, so a spend between an envelope and a spent account does not initialise
    /// their plan nodes. Inserts no longer sort by position (the timestamps carry the order).
    /// The plans are generic and built once per connection; with sequential scans allowed, a plan
    /// built while <c>budget_accounts</c> was small scanned every page of that constantly updated
    /// table three times per call, although every access here is by key.
    /// Measured in PostgreSQL instructions per call of six spends (callgrind, single client):
    /// 2.97 M before, 2.00 M after.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127184500_BudgetLedgerBatchOneJudgement")]
    public partial class BudgetLedgerBatchOneJudgement : Migration
    {
        private const string Signature = "budget_transfer_batch(text[], text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], timestamptz)";

        /// <summary>
        /// The batch as rows with their position, each leg's running balance, and whether the batch is
        /// regular: valid amounts, fresh and distinct ids, nothing reversed twice, known accounts of the
        /// transfer's workspace, and no running balance of a non-negative account below zero — exactly
        /// the batches in which every transfer, posted alone in order, would succeed. Then the account
        /// balances and the transfer rows, written only for a regular batch.
        /// </summary>
        private const string JudgeAndMove = """
            WITH t AS (
                SELECT * FROM unnest(p_ids, p_workspace_ids, p_from, p_to, p_amounts, p_kinds, p_allocation_ids, p_channels,
                        p_reference_ids, p_reverses, p_descriptions, p_wallet_tx_ids, p_wallet_tx_types, p_wallet_tx_sources,
                        p_ledger_ids, p_ledger_types, p_ledger_categories) WITH ORDINALITY
                    AS t(id, workspace_id, from_id, to_id, amount, kind, allocation_id, channel, reference_id, reverses,
                         description, wallet_tx_id, wallet_tx_type, wallet_tx_source, ledger_id, ledger_type, ledger_category, ord)
            ), running AS (
                -- Each leg's balance after it: the locked balance plus the batch's movements up to it. A leg
                -- whose account is unknown or of another workspace has no known account.
                SELECT t.ord, l.account_id, l.delta, l.is_from, a.id AS known, a.wallet_id, a.allow_negative,
                    (a.balance + sum(l.delta) OVER (PARTITION BY l.account_id ORDER BY t.ord))::bigint AS balance_after
                FROM t CROSS JOIN LATERAL (VALUES (t.from_id, -t.amount, TRUE), (t.to_id, t.amount, FALSE)) AS l(account_id, delta, is_from)
                    LEFT JOIN budget_accounts a ON a.id = l.account_id AND a.workspace_id = t.workspace_id
            ), verdict AS (
                SELECT NOT EXISTS (SELECT 1 FROM t WHERE t.amount IS NULL OR t.amount <= 0 OR t.from_id = t.to_id OR t.id IS NULL)
                    AND (SELECT count(DISTINCT t.id) = v_n AND count(t.reverses) = count(DISTINCT t.reverses) FROM t)
                    AND NOT EXISTS (SELECT 1 FROM running r WHERE r.known IS NULL OR (NOT r.allow_negative AND r.balance_after < 0))
                    AND NOT EXISTS (SELECT 1 FROM budget_transfers b WHERE b.id = ANY (p_ids))
                    AND NOT EXISTS (SELECT 1 FROM budget_transfers b WHERE b.reverses_transfer_id = ANY (p_reverses)) AS regular
            ), moved AS (
                UPDATE budget_accounts a SET balance = a.balance + d.delta
                FROM (SELECT r.account_id, sum(r.delta)::bigint AS delta FROM running r GROUP BY r.account_id) d
                WHERE a.id = d.account_id AND (SELECT v.regular FROM verdict v)
            ), recorded AS (
                INSERT INTO budget_transfers (id, workspace_id, from_account_id, to_account_id, amount, kind,
                    allocation_id, channel, reference_id, reverses_transfer_id, description, created_at)
                SELECT t.id, t.workspace_id, t.from_id, t.to_id, t.amount, t.kind,
                    t.allocation_id, t.channel, t.reference_id, t.reverses, t.description, p_at + (t.ord - 1) * interval '1 microsecond'
                FROM t WHERE (SELECT v.regular FROM verdict v)
            """;

        /// <summary>The wallet's balance and its statement lines, each with the running balance after it.</summary>
        private const string WalletLines = """
            ), wallet_legs AS (
                SELECT DISTINCT ON (r.ord) r.ord, r.wallet_id, r.delta, r.balance_after
                FROM running r WHERE r.wallet_id IS NOT NULL AND (SELECT v.regular FROM verdict v)
                ORDER BY r.ord, r.is_from DESC
            ), wallet_set AS (
                UPDATE wallets w SET balance = last.balance_after, updated_at = p_at
                FROM (SELECT DISTINCT ON (wl.wallet_id) wl.wallet_id, wl.balance_after FROM wallet_legs wl
                      ORDER BY wl.wallet_id, wl.ord DESC) last
                WHERE w.id = last.wallet_id
            ), statement_lines AS (
                INSERT INTO wallet_transactions (id, workspace_id, wallet_id, type, amount, balance, source,
                    reference_id, description, timestamp)
                SELECT t.wallet_tx_id, t.workspace_id, wl.wallet_id, t.wallet_tx_type, wl.delta, wl.balance_after,
                    t.wallet_tx_source, coalesce(t.reference_id, t.allocation_id), coalesce(t.description, t.kind),
                    p_at + (t.ord - 1) * interval '1 microsecond'
                FROM t JOIN wallet_legs wl ON wl.ord = t.ord
            """;

        /// <summary>The budget_ledger rows, then one answer per transfer in order (none for an irregular batch).</summary>
        private const string LedgerRowsAndAnswers = """
            ), ledger_rows AS (
                INSERT INTO budget_ledger (id, workspace_id, allocation_id, channel, amount, type, category,
                    external_id, description, timestamp)
                SELECT t.ledger_id, t.workspace_id, t.allocation_id, coalesce(t.channel, ''),
                    CASE WHEN t.kind IN ('release', 'reversal') THEN -t.amount ELSE t.amount END,
                    t.ledger_type, t.ledger_category, t.id, t.description, p_at + (t.ord - 1) * interval '1 microsecond'
                FROM t WHERE t.ledger_type IS NOT NULL AND (SELECT v.regular FROM verdict v)
            )
            SELECT r.ord, 'ok'::text, max(r.balance_after) FILTER (WHERE r.is_from), max(r.balance_after) FILTER (WHERE NOT r.is_from)
            FROM running r WHERE (SELECT v.regular FROM verdict v)
            GROUP BY r.ord ORDER BY r.ord
            """;

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION budget_transfer_batch(
                    p_ids text[], p_workspace_ids text[], p_from text[], p_to text[], p_amounts bigint[], p_kinds text[],
                    p_allocation_ids text[], p_channels text[], p_reference_ids text[], p_reverses text[], p_descriptions text[],
                    p_wallet_tx_ids text[], p_wallet_tx_types text[], p_wallet_tx_sources text[],
                    p_ledger_ids text[], p_ledger_types text[], p_ledger_categories text[], p_at timestamptz)
                RETURNS TABLE(ord bigint, status text, from_balance bigint, to_balance bigint)
                LANGUAGE plpgsql
                SET plan_cache_mode = force_generic_plan
                SET enable_seqscan = off
                AS $fn$
                DECLARE
                    v_n int := coalesce(array_length(p_ids, 1), 0);
                    v_wallets boolean;
                BEGIN
                    IF v_n = 0 THEN
                        RETURN;
                    END IF;
                    -- Every account the batch touches is locked up front, in id order, so batches and single
                    -- transfers over the same accounts cannot deadlock. The next statement's snapshot is taken
                    -- after the locks, so it sees every committed transfer on these accounts and their balances.
                    SELECT coalesce(bool_or(l.wallet_id IS NOT NULL), FALSE) INTO v_wallets
                    FROM (SELECT a.wallet_id FROM budget_accounts a WHERE a.id = ANY (p_from || p_to) ORDER BY a.id FOR UPDATE) l;

                    -- Rows of one batch get timestamps a microsecond apart, so statements read in time order
                    -- show the running balance in the order it was computed.
                    IF v_wallets THEN
                        RETURN QUERY
                        {JudgeAndMove}
                        {WalletLines}
                        {LedgerRowsAndAnswers};
                    ELSE
                        RETURN QUERY
                        {JudgeAndMove}
                        {LedgerRowsAndAnswers};
                    END IF;
                    IF FOUND THEN
                        RETURN;
                    END IF;

                    -- Anything irregular is judged transfer by transfer, in order, exactly as single calls.
                    FOR i IN 1 .. v_n LOOP
                        RETURN QUERY SELECT i::bigint, r.status, r.from_balance, r.to_balance
                            FROM budget_transfer(p_ids[i], p_workspace_ids[i], p_from[i], p_to[i], p_amounts[i], p_kinds[i],
                                p_allocation_ids[i], p_channels[i], p_reference_ids[i], p_reverses[i], p_descriptions[i],
                                p_wallet_tx_ids[i], p_wallet_tx_types[i], p_wallet_tx_sources[i],
                                p_ledger_ids[i], p_ledger_types[i], p_ledger_categories[i], p_at) r;
                    END LOOP;
                END
                $fn$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The earlier text carries no settings; the generic plans are set again as they were.
            migrationBuilder.Sql($"""
                {BudgetLedgerTrim.TransferBatchFunction}
                ALTER FUNCTION {Signature} SET plan_cache_mode = force_generic_plan;
                """);
        }
    }
}
