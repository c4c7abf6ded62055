using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BudgetLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {


            // One transfer = one guarded, idempotent, lock-ordered statement (see BudgetLedger in Core).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION budget_transfer(
                    p_id text, p_workspace_id text, p_from text, p_to text, p_amount bigint, p_kind text,
                    p_allocation_id text, p_channel text, p_reference_id text, p_reverses text, p_description text,
                    p_wallet_tx_id text, p_wallet_tx_type text, p_wallet_tx_source text,
                    p_ledger_id text, p_ledger_type text, p_ledger_category text, p_at timestamptz)
                RETURNS TABLE(status text, from_balance bigint, to_balance bigint)
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    v_existing budget_transfers%ROWTYPE;
                    v_locked int;
                    v_from budget_accounts%ROWTYPE;
                    v_to budget_accounts%ROWTYPE;
                BEGIN
                    IF p_amount IS NULL OR p_amount <= 0 OR p_from = p_to THEN
                        RETURN QUERY SELECT 'invalid'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    -- The id is the caller's idempotency key: a repeat answers, it never moves money twice.
                    SELECT * INTO v_existing FROM budget_transfers t WHERE t.id = p_id;
                    IF FOUND THEN
                        IF v_existing.workspace_id = p_workspace_id AND v_existing.from_account_id = p_from
                           AND v_existing.to_account_id = p_to AND v_existing.amount = p_amount THEN
                            RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::bigint;
                        ELSE
                            RETURN QUERY SELECT 'id_conflict'::text, NULL::bigint, NULL::bigint;
                        END IF;
                        RETURN;
                    END IF;
                    IF p_reverses IS NOT NULL AND EXISTS (SELECT 1 FROM budget_transfers t WHERE t.reverses_transfer_id = p_reverses) THEN
                        RETURN QUERY SELECT 'already_reversed'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    -- Both rows are locked in id order, so opposite transfers between the same pair cannot deadlock.
                    SELECT count(*) INTO v_locked FROM (
                        SELECT a.id FROM budget_accounts a
                        WHERE a.id IN (p_from, p_to) AND a.workspace_id = p_workspace_id
                        ORDER BY a.id FOR UPDATE) locked;
                    IF v_locked < 2 THEN
                        RETURN QUERY SELECT 'unknown_account'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    UPDATE budget_accounts a SET balance = a.balance - p_amount
                        WHERE a.id = p_from AND (a.allow_negative OR a.balance >= p_amount)
                        RETURNING a.* INTO v_from;
                    IF NOT FOUND THEN
                        RETURN QUERY SELECT 'insufficient_funds'::text, NULL::bigint, NULL::bigint;
                        RETURN;
                    END IF;
                    UPDATE budget_accounts a SET balance = a.balance + p_amount WHERE a.id = p_to RETURNING a.* INTO v_to;

                    INSERT INTO budget_transfers (id, workspace_id, from_account_id, to_account_id, amount, kind,
                        allocation_id, channel, reference_id, reverses_transfer_id, description, created_at)
                    VALUES (p_id, p_workspace_id, p_from, p_to, p_amount, p_kind,
                        p_allocation_id, p_channel, p_reference_id, p_reverses, p_description, p_at);

                    -- The wallet's own balance and its statement follow the wallet account inside the same lock,
                    -- so every statement line carries the exact running balance.
                    IF v_from.wallet_id IS NOT NULL OR v_to.wallet_id IS NOT NULL THEN
                        UPDATE wallets w SET balance = CASE WHEN v_from.wallet_id IS NOT NULL THEN v_from.balance ELSE v_to.balance END,
                            updated_at = p_at
                            WHERE w.id = coalesce(v_from.wallet_id, v_to.wallet_id);
                        INSERT INTO wallet_transactions (id, workspace_id, wallet_id, type, amount, balance, source,
                            reference_id, description, timestamp)
                        VALUES (p_wallet_tx_id, p_workspace_id, coalesce(v_from.wallet_id, v_to.wallet_id), p_wallet_tx_type,
                            CASE WHEN v_from.wallet_id IS NOT NULL THEN -p_amount ELSE p_amount END,
                            CASE WHEN v_from.wallet_id IS NOT NULL THEN v_from.balance ELSE v_to.balance END,
                            p_wallet_tx_source, coalesce(p_reference_id, p_allocation_id), coalesce(p_description, p_kind), p_at);
                    END IF;
                    IF p_ledger_type IS NOT NULL THEN
                        INSERT INTO budget_ledger (id, workspace_id, allocation_id, channel, amount, type, category,
                            external_id, description, timestamp)
                        VALUES (p_ledger_id, p_workspace_id, p_allocation_id, coalesce(p_channel, ''),
                            CASE WHEN p_kind IN ('release', 'reversal') THEN -p_amount ELSE p_amount END,
                            p_ledger_type, p_ledger_category, p_id, p_description, p_at);
                    END IF;
                    RETURN QUERY SELECT 'ok'::text, v_from.balance, v_to.balance;
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS budget_transfer(text, text, text, text, bigint, text, text, text, text, text, text, text, text, text, text, text, text, timestamptz);");


        }
    }
}
