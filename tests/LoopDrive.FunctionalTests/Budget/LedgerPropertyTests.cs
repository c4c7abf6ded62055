using CsCheck;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>
/// Random sequences of top-ups, reservations, spends, releases, refunds, reversals, repeats and
/// crashed transactions, run against the real database and an in-memory model of the same
/// accounts. After every sequence the stored balances equal the model's, and the ledger's
/// invariants hold (balances sum to zero, nothing but clearing below zero, each account equals
/// the net of its transfers, the wallet statement sums to the wallet balance).
/// </summary>
public sealed class LedgerPropertyTests(TestServers servers) : BudgetTest(servers)
{
    private const string Alloc = "alloc_property";
    private static readonly string[] Channels = ["email", "sms"];

    private abstract record Op;
    private sealed record Move(int Kind, int Channel, long Amount) : Op;
    private sealed record Repeat(int Index) : Op;
    private sealed record Reverse(int Index) : Op;
    private sealed record Crash(Move[] Moves) : Op;

    private static readonly Gen<Move> MoveGen = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1], Gen.Long[1, 5_000], (k, c, a) => new Move(k, c, a));

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (8, MoveGen.Select(m => (Op)m)),
        (1, Gen.Int[0, 40].Select(i => (Op)new Repeat(i))),
        (1, Gen.Int[0, 40].Select(i => (Op)new Reverse(i))),
        (1, MoveGen.Array[1, 4].Select(m => (Op)new Crash(m))));

    [Fact]
    public async Task Random_operation_sequences_match_the_model_and_keep_every_invariant()
    {
        var run = 0;
        await OpGen.Array[1, 40].SampleAsync(async ops =>
        {
            var workspaceId = WorkspaceId;
            if (Interlocked.Increment(ref run) > 1)
            {
                var (workspace, _) = await CreateWorkspaceAsync("budget-prop-" + run);
                workspaceId = workspace.Id;
            }
            await RunAsync(workspaceId, ops);
        }, iter: 25, threads: 1, print: ops => string.Join(", ", ops.Select(o => o.ToString())));
    }

    private async Task RunAsync(string ws, Op[] ops)
    {
        await EnsureWalletAsync(ws);
        var (setupDb, setupLedger) = NewLedger();
        await using (setupDb)
        {
            await setupLedger.EnsureAccountsAsync(ws, Channels.SelectMany(c => new[]
            {
                (LedgerAccounts.Envelope(Alloc + ws, c), LedgerAccountKinds.Envelope, (string?)(Alloc + ws), (string?)c),
                (LedgerAccounts.Spent(ws, c), LedgerAccountKinds.Spent, null, (string?)c),
            }), CancellationToken.None);
        }

        var model = new Dictionary<string, long>();
        var clearing = LedgerAccounts.Clearing(ws);
        var done = new List<LedgerTransfer>();
        var reversed = new HashSet<string>();

        bool ApplyToModel(LedgerTransfer t)
        {
            var from = model.GetValueOrDefault(t.FromAccountId);
            if (t.FromAccountId != clearing && from < t.Amount) return false;
            model[t.FromAccountId] = from - t.Amount;
            model[t.ToAccountId] = model.GetValueOrDefault(t.ToAccountId) + t.Amount;
            return true;
        }

        foreach (var op in ops)
        {
            var (db, ledger) = NewLedger();
            await using (db)
            {
                switch (op)
                {
                    case Move move:
                    {
                        var transfer = ToTransfer(ws, move);
                        var outcome = await ledger.TransferAsync(transfer, CancellationToken.None);
                        var expected = ApplyToModel(transfer);
                        Assert.Equal(expected ? TransferStatus.Ok : TransferStatus.InsufficientFunds, outcome.Status);
                        if (expected) done.Add(transfer);
                        break;
                    }
                    case Repeat repeat when done.Count > 0:
                    {
                        var again = await ledger.TransferAsync(done[repeat.Index % done.Count], CancellationToken.None);
                        Assert.Equal(TransferStatus.Duplicate, again.Status);
                        break;
                    }
                    case Reverse reverse when done.Count > 0:
                    {
                        var original = done[reverse.Index % done.Count];
                        var outcome = await ledger.ReverseAsync(ws, original.Id, Ids.New("rev"), null, CancellationToken.None);
                        if (reversed.Contains(original.Id))
                        {
                            Assert.Equal(TransferStatus.AlreadyReversed, outcome.Status);
                            break;
                        }
                        var expected = ApplyToModel(Back(original, ws));
                        Assert.Equal(expected ? TransferStatus.Ok : TransferStatus.InsufficientFunds, outcome.Status);
                        if (expected) reversed.Add(original.Id);
                        break;
                    }
                    case Crash crash:
                    {
                        // Work inside a transaction that never commits: as if the process died mid-way.
                        await using var transaction = await db.Database.BeginTransactionAsync();
                        foreach (var move in crash.Moves)
                            await ledger.TransferAsync(ToTransfer(ws, move), CancellationToken.None);
                        await transaction.RollbackAsync();
                        break;
                    }
                }
            }
        }

        var stored = await BalancesAsync(ws);
        foreach (var (account, balance) in model)
            Assert.True(stored[account] == balance, $"{account}: stored {stored[account]}, model {balance}");
        Assert.All(stored.Where(s => !model.ContainsKey(s.Key)), s => Assert.Equal(0, s.Value));
        await AssertLedgerConsistentAsync(ws);
    }

    private static LedgerTransfer Back(LedgerTransfer t, string ws) =>
        t with { FromAccountId = t.ToAccountId, ToAccountId = t.FromAccountId, WorkspaceId = ws };

    private static LedgerTransfer ToTransfer(string ws, Move move)
    {
        var channel = Channels[move.Channel];
        var envelope = LedgerAccounts.Envelope(Alloc + ws, channel);
        var (from, to, kind) = move.Kind switch
        {
            0 => (LedgerAccounts.Clearing(ws), LedgerAccounts.Wallet(ws), TransferKinds.TopUp),
            1 => (LedgerAccounts.Wallet(ws), envelope, TransferKinds.Reserve),
            2 => (envelope, LedgerAccounts.Spent(ws, channel), TransferKinds.Spend),
            3 => (envelope, LedgerAccounts.Wallet(ws), TransferKinds.Release),
            _ => (LedgerAccounts.Wallet(ws), LedgerAccounts.Clearing(ws), TransferKinds.Refund),
        };
        return new LedgerTransfer(Ids.New("tr"), ws, from, to, move.Amount, kind,
            AllocationId: move.Kind is 1 or 2 or 3 ? Alloc + ws : null, Channel: move.Kind is 1 or 2 or 3 ? channel : null,
            LedgerType: move.Kind switch { 1 => "planned", 2 => "actual", 3 => "adjustment", _ => null });
    }
}
