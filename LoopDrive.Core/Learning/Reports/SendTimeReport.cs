using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Learning.Reports;

/// <summary>The send-time heatmap: the workspace's population rates, or one person's shrunk toward them, with the best window and gap.</summary>
public sealed class SendTimeReport(LoopDriveDbContext db)
{
    public async Task<SendTimeHeatmap> HandleAsync(string? personId, CancellationToken cancellationToken)
    {
        const int h = SendTimeEstimator.HoursPerWeek;
        var population = await db.SendTimeCells.AsNoTracking().GroupBy(c => c.HourOfWeek)
            .Select(g => new { Hour = g.Key, Trials = g.Sum(c => c.Trials), Successes = g.Sum(c => c.Successes) }).ToListAsync(cancellationToken);
        var popTrials = new double[h];
        var popSuccesses = new double[h];
        foreach (var p in population.Where(p => p.Hour is >= 0 and < h))
        {
            popTrials[p.Hour] = p.Trials;
            popSuccesses[p.Hour] = p.Successes;
        }
        var popRates = SendTimeEstimator.PopulationRates(popTrials, popSuccesses);
        var popRate = (popSuccesses.Sum() + 1) / (popTrials.Sum() + 2);
        if (personId is null)
        {
            var (start, rate, lift) = SendTimeEstimator.BestWindow(popRates);
            return new SendTimeHeatmap(null, Round(popRates), popTrials, start, Math.Round(rate, 4), Math.Round(lift, 4),
                SendTimeEstimator.DefaultGap.TotalHours, popTrials.Sum(), popSuccesses.Sum());
        }
        var cells = await db.SendTimeCells.AsNoTracking().Where(c => c.PersonId == personId).ToListAsync(cancellationToken);
        var trials = new double[h];
        var successes = new double[h];
        foreach (var c in cells.Where(c => c.HourOfWeek is >= 0 and < h))
        {
            trials[c.HourOfWeek] = c.Trials;
            successes[c.HourOfWeek] = c.Successes;
        }
        var rates = SendTimeEstimator.PersonRates(trials, successes, popRates);
        var best = SendTimeEstimator.BestWindow(rates);
        var cadence = await db.CadenceProfiles.AsNoTracking().FirstOrDefaultAsync(c => c.PersonId == personId, cancellationToken);
        var personRate = (successes.Sum() + SendTimeEstimator.PriorStrength * popRate) / (trials.Sum() + SendTimeEstimator.PriorStrength);
        var gap = SendTimeEstimator.RecommendedGap(cadence?.MeanGapHours, personRate, popRate);
        return new SendTimeHeatmap(personId, Round(rates), trials, best.StartHour, Math.Round(best.Rate, 4), Math.Round(best.Lift, 4), gap.TotalHours,
            trials.Sum(), successes.Sum());
    }

    private static double[] Round(double[] values) => [.. values.Select(v => Math.Round(v, 4))];
}
