using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BudgetLedgerTrim : Migration
    {
        /// <summary>The set-based batch function as this migration creates it; later migrations' Down restores it from here.</summary>
        internal const string TransferBatchFunction = """
                CREATE OR REPLACE FUNCTION budget_transfer_batch(
                    p_ids text[], p_workspace_ids text[], p_from text[], p_to text[], p_amounts bigint[], p_kinds text[],
                    p_allocation_ids text[], p_channels text[], p_reference_ids text[], p_reverses text[], p_descriptions text[],
                    p_wallet_tx_ids text[], p_wallet_tx_types text[], p_wallet_tx_sources text[],
                    p_ledger_ids text[], p_ledger_types text[], p_ledger_categories text[], p_at timestamptz)
                RETURNS TABLE(ord bigint, status text, from_balance bigint, to_balance bigint)
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    v_n int := coalesce(array_length(p_ids, 1), 0);
                    v_regular boolean;
                BEGIN
                    IF v_n = 0 THEN
                        RETURN;
                    END IF;
                    -- Every account the batch touches is locked up front, in id order, so batches and single
                    -- transfers over the same accounts cannot deadlock.
                    PERFORM 1 FROM budget_accounts a
                    WHERE a.id = ANY (p_from || p_to)
                    ORDER BY a.id FOR UPDATE;

                    -- The set-based path applies when every transfer would succeed on its own: valid amounts,
                    -- fresh and distinct ids, nothing reversed twice, known accounts of the transfer's workspace,
                    -- and every source covering all of its debits in the batch (so every running balance stays
                    -- at or above zero, whatever the order). This statement's snapshot is taken after the locks,
                    -- so it sees every committed transfer on these accounts.
                    WITH t AS (
                        SELECT * FROM unnest(p_ids, p_workspace_ids, p_from, p_to, p_amounts, p_reverses)
                            AS t(id, workspace_id, from_id, to_id, amount, reverses)
                    ), debits AS (
                        SELECT t.from_id, t.workspace_id, sum(t.amount) AS total FROM t GROUP BY t.from_id, t.workspace_id
                    )
                    SELECT NOT EXISTS (SELECT 1 FROM t WHERE t.amount IS NULL OR t.amount <= 0 OR t.from_id = t.to_id OR t.id IS NULL)
                        AND (SELECT count(DISTINCT t.id) FROM t) = v_n
                        AND (SELECT count(t.reverses) = count(DISTINCT t.reverses) FROM t)
                        AND NOT EXISTS (SELECT 1 FROM budget_transfers b WHERE b.id = ANY (p_ids))
                        AND NOT EXISTS (SELECT 1 FROM budget_transfers b WHERE b.reverses_transfer_id = ANY (p_reverses))
                        AND NOT EXISTS (
                            SELECT 1 FROM t, LATERAL (SELECT unnest(ARRAY[t.from_id, t.to_id]) AS account_id) x
                            WHERE NOT EXISTS (SELECT 1 FROM budget_accounts a WHERE a.id = x.account_id AND a.workspace_id = t.workspace_id))
                        AND NOT EXISTS (
                            SELECT 1 FROM debits d JOIN budget_accounts a ON a.id = d.from_id
                            WHERE NOT a.allow_negative AND a.balance < d.total)
                    INTO v_regular;

                    IF NOT v_regular THEN
                        -- Anything irregular is judged transfer by transfer, in order, exactly as single calls.
                        FOR i IN 1 .. v_n LOOP
                            RETURN QUERY SELECT i::bigint, r.status, r.from_balance, r.to_balance
                                FROM budget_transfer(p_ids[i], p_workspace_ids[i], p_from[i], p_to[i], p_amounts[i], p_kinds[i],
                                    p_allocation_ids[i], p_channels[i], p_reference_ids[i], p_reverses[i], p_descriptions[i],
                                    p_wallet_tx_ids[i], p_wallet_tx_types[i], p_wallet_tx_sources[i],
                                    p_ledger_ids[i], p_ledger_types[i], p_ledger_categories[i], p_at) r;
                        END LOOP;
                        RETURN;
                    END IF;

                    -- Rows of one batch get timestamps a microsecond apart, so statements read in time order
                    -- show the running balance in the order it was computed.
                    RETURN QUERY
                    WITH t AS (
                        SELECT * FROM unnest(p_ids, p_workspace_ids, p_from, p_to, p_amounts, p_kinds, p_allocation_ids, p_channels,
                                p_reference_ids, p_reverses, p_descriptions, p_wallet_tx_ids, p_wallet_tx_types, p_wallet_tx_sources,
                                p_ledger_ids, p_ledger_types, p_ledger_categories) WITH ORDINALITY
                            AS t(id, workspace_id, from_id, to_id, amount, kind, allocation_id, channel, reference_id, reverses,
                                 description, wallet_tx_id, wallet_tx_type, wallet_tx_source, ledger_id, ledger_type, ledger_category, ord)
                    ), legs AS (
                        SELECT t.ord, t.from_id AS account_id, -t.amount AS delta, TRUE AS is_from FROM t
                        UNION ALL
                        SELECT t.ord, t.to_id, t.amount, FALSE FROM t
                    ), running AS (
                        -- Each leg's balance after it: the locked balance plus the batch's movements up to it.
                        SELECT l.ord, l.account_id, l.delta, l.is_from, a.wallet_id,
                            (a.balance + sum(l.delta) OVER (PARTITION BY l.account_id ORDER BY l.ord))::bigint AS balance_after
                        FROM legs l JOIN budget_accounts a ON a.id = l.account_id
                    ), moved AS (
                        UPDATE budget_accounts a SET balance = a.balance + d.delta
                        FROM (SELECT l.account_id, sum(l.delta)::bigint AS delta FROM legs l GROUP BY l.account_id) d
                        WHERE a.id = d.account_id
                    ), recorded AS (
                        INSERT INTO budget_transfers (id, workspace_id, from_account_id, to_account_id, amount, kind,
                            allocation_id, channel, reference_id, reverses_transfer_id, description, created_at)
                        SELECT t.id, t.workspace_id, t.from_id, t.to_id, t.amount, t.kind,
                            t.allocation_id, t.channel, t.reference_id, t.reverses, t.description, p_at + (t.ord - 1) * interval '1 microsecond'
                        FROM t ORDER BY t.ord
                    ), wallet_legs AS (
                        SELECT DISTINCT ON (r.ord) r.ord, r.wallet_id, r.delta, r.balance_after
                        FROM running r WHERE r.wallet_id IS NOT NULL
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
                        ORDER BY t.ord
                    ), ledger_rows AS (
                        INSERT INTO budget_ledger (id, workspace_id, allocation_id, channel, amount, type, category,
                            external_id, description, timestamp)
                        SELECT t.ledger_id, t.workspace_id, t.allocation_id, coalesce(t.channel, ''),
                            CASE WHEN t.kind IN ('release', 'reversal') THEN -t.amount ELSE t.amount END,
                            t.ledger_type, t.ledger_category, t.id, t.description, p_at + (t.ord - 1) * interval '1 microsecond'
                        FROM t WHERE t.ledger_type IS NOT NULL
                        ORDER BY t.ord
                    )
                    SELECT t.ord, 'ok'::text, rf.balance_after, rt.balance_after
                    FROM t
                    JOIN running rf ON rf.ord = t.ord AND rf.is_from
                    JOIN running rt ON rt.ord = t.ord AND NOT rt.is_from
                    ORDER BY t.ord;
                END
                $fn$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_budget_transfers_budget_accounts_from_account_id",
                table: "budget_transfers");

            migrationBuilder.DropForeignKey(
                name: "fk_budget_transfers_budget_accounts_to_account_id",
                table: "budget_transfers");

            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_from_account_id",
                table: "budget_transfers");

            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_reverses_transfer_id",
                table: "budget_transfers");

            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_to_account_id",
                table: "budget_transfers");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_reverses_transfer_id",
                table: "budget_transfers",
                column: "reverses_transfer_id",
                unique: true,
                filter: "reverses_transfer_id IS NOT NULL");
            // Fewer statements per transfer and a set-based batch; see BudgetLedger in Core.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION budget_transfer(
                    p_id text, p_workspace_id text, p_from text, p_to text, p_amount bigint, p_kind text,
                    p_allocation_id text, p_channel text, p_reference_id text, p_reverses text, p_description text,
                    p_wallet_tx_id text, p_wallet_tx_type text, p_wallet_tx_source text,
                    p_ledger_id text, p_ledger_type text, p_ledger_category text, p_at timestamptz)
                RETURNS TABLE(status text, from_balance bigint, to_balance bigint)
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    v_prior text;
                    v_locked int;
                    v_covered boolean;
                    v_recorded boolean;
                    v_from bigint;
                    v_to bigint;
                BEGIN
                    IF p_amount IS NULL OR p_amount <= 0 OR p_from = p_to THEN
                        RETURN QUERY SELECT 'invalid'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    -- One statement does the whole transfer: both accounts locked in id order (opposite transfers
                    -- between a pair cannot deadlock), both balances moved only if the source covers the amount,
                    -- and the transfer, statement line and budget_ledger row recorded from what moved.
                    WITH prior AS (
                        SELECT CASE WHEN t.workspace_id = p_workspace_id AND t.from_account_id = p_from AND t.to_account_id = p_to
                                    AND t.amount = p_amount THEN 'duplicate' ELSE 'id_conflict' END AS status
                        FROM budget_transfers t WHERE t.id = p_id
                        UNION ALL
                        SELECT 'already_reversed' FROM budget_transfers t WHERE p_reverses IS NOT NULL AND t.reverses_transfer_id = p_reverses
                        LIMIT 1
                    ), locked AS (
                        SELECT a.id, a.balance, a.allow_negative FROM budget_accounts a
                        WHERE a.id IN (p_from, p_to) AND a.workspace_id = p_workspace_id AND NOT EXISTS (SELECT 1 FROM prior)
                        ORDER BY a.id FOR UPDATE
                    ), verdict AS (
                        SELECT count(*) AS locked, coalesce(bool_and(l.id <> p_from OR l.allow_negative OR l.balance >= p_amount), FALSE) AS covered
                        FROM locked l
                    ), moved AS (
                        UPDATE budget_accounts a SET balance = l.balance + CASE WHEN l.id = p_from THEN -p_amount ELSE p_amount END
                        FROM locked l, verdict v
                        WHERE a.id = l.id AND v.locked = 2 AND v.covered
                        RETURNING a.id, a.balance, a.wallet_id
                    ), recorded AS (
                        INSERT INTO budget_transfers (id, workspace_id, from_account_id, to_account_id, amount, kind,
                            allocation_id, channel, reference_id, reverses_transfer_id, description, created_at)
                        SELECT p_id, p_workspace_id, p_from, p_to, p_amount, p_kind,
                            p_allocation_id, p_channel, p_reference_id, p_reverses, p_description, p_at
                        FROM verdict v WHERE v.locked = 2 AND v.covered
                        ON CONFLICT DO NOTHING
                        RETURNING id
                    ), wallet_leg AS (
                        -- The wallet's own balance and its statement follow the wallet account inside the same
                        -- lock, so every statement line carries the exact running balance.
                        SELECT m.wallet_id, m.balance, CASE WHEN m.id = p_from THEN -p_amount ELSE p_amount END AS amount
                        FROM moved m WHERE m.wallet_id IS NOT NULL AND EXISTS (SELECT 1 FROM recorded)
                        ORDER BY m.id <> p_from LIMIT 1
                    ), wallet_set AS (
                        UPDATE wallets w SET balance = wl.balance, updated_at = p_at FROM wallet_leg wl WHERE w.id = wl.wallet_id
                    ), statement_line AS (
                        INSERT INTO wallet_transactions (id, workspace_id, wallet_id, type, amount, balance, source,
                            reference_id, description, timestamp)
                        SELECT p_wallet_tx_id, p_workspace_id, wl.wallet_id, p_wallet_tx_type, wl.amount, wl.balance,
                            p_wallet_tx_source, coalesce(p_reference_id, p_allocation_id), coalesce(p_description, p_kind), p_at
                        FROM wallet_leg wl
                    ), ledger_row AS (
                        INSERT INTO budget_ledger (id, workspace_id, allocation_id, channel, amount, type, category,
                            external_id, description, timestamp)
                        SELECT p_ledger_id, p_workspace_id, p_allocation_id, coalesce(p_channel, ''),
                            CASE WHEN p_kind IN ('release', 'reversal') THEN -p_amount ELSE p_amount END,
                            p_ledger_type, p_ledger_category, p_id, p_description, p_at
                        FROM recorded WHERE p_ledger_type IS NOT NULL
                    )
                    SELECT (SELECT p.status FROM prior p), v.locked, v.covered, EXISTS (SELECT 1 FROM recorded),
                        (SELECT m.balance FROM moved m WHERE m.id = p_from), (SELECT m.balance FROM moved m WHERE m.id = p_to)
                    INTO v_prior, v_locked, v_covered, v_recorded, v_from, v_to
                    FROM verdict v;

                    IF v_recorded THEN
                        RETURN QUERY SELECT 'ok'::text, v_from, v_to;
                        RETURN;
                    END IF;
                    IF v_prior IS NOT NULL THEN
                        RETURN QUERY SELECT v_prior, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    IF v_locked < 2 THEN
                        RETURN QUERY SELECT 'unknown_account'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    IF NOT v_covered THEN
                        RETURN QUERY SELECT 'insufficient_funds'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    -- The balances moved but the row was not recorded: a call with the same id (or reversing the
                    -- same transfer) committed while this one waited for the account locks. Move them back and
                    -- answer as that call would have been answered.
                    UPDATE budget_accounts a SET balance = a.balance + CASE WHEN a.id = p_from THEN p_amount ELSE -p_amount END
                    WHERE a.id IN (p_from, p_to);
                    RETURN QUERY
                        SELECT CASE WHEN t.id <> p_id THEN 'already_reversed'
                                    WHEN t.workspace_id = p_workspace_id AND t.from_account_id = p_from AND t.to_account_id = p_to
                                         AND t.amount = p_amount THEN 'duplicate' ELSE 'id_conflict' END, NULL::bigint, NULL::bigint
                        FROM budget_transfers t WHERE t.id = p_id OR (p_reverses IS NOT NULL AND t.reverses_transfer_id = p_reverses)
                        ORDER BY t.id = p_id DESC LIMIT 1;
                END
                $fn$;

                """);
            migrationBuilder.Sql(TransferBatchFunction);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_reverses_transfer_id",
                table: "budget_transfers");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_from_account_id",
                table: "budget_transfers",
                column: "from_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_reverses_transfer_id",
                table: "budget_transfers",
                column: "reverses_transfer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_to_account_id",
                table: "budget_transfers",
                column: "to_account_id");

            migrationBuilder.AddForeignKey(
                name: "fk_budget_transfers_budget_accounts_from_account_id",
                table: "budget_transfers",
                column: "from_account_id",
                principalTable: "budget_accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_budget_transfers_budget_accounts_to_account_id",
                table: "budget_transfers",
                column: "to_account_id",
                principalTable: "budget_accounts",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
            // The trimmed budget_transfer answers exactly as the one it replaced, so it stays.
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS budget_transfer_batch(text[], text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], timestamptz);");

        }
    }
}
