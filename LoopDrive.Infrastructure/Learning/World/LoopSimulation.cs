using LoopDrive.Core.Learning;

namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>
/// The loop run headless against a <see cref="SimulatedWorld"/>: each round one person gets one
/// message whose channel, snippet, prompt version and hour are chosen by the same Core learning code
/// the consumer feeds (<see cref="ChannelBandit"/>, <see cref="ArmPosterior"/> Thompson sampling,
/// <see cref="SendTimeEstimator"/>), and the world's answer updates them. Regret is measured in
/// expected engagement against an oracle that knows the truth, for the learner and for a
/// non-learning baseline (equal budget split, uniform snippet and prompt, a fixed 10:00 send), one
/// decision at a time with the others held at the learner's choices.
/// </summary>
public static class LoopSimulation
{
    public const int FixedHour = 10;

    public sealed record Report(
        int Sends,
        double Engagements,
        double BudgetRegretBandit,
        double BudgetRegretEqual,
        double SnippetRegretThompson,
        double SnippetRegretUniform,
        double PromptRegretThompson,
        double PromptRegretUniform,
        double LearnedTimeEngagement,
        double FixedTimeEngagement,
        double StrongSnippetShareEarly,
        double StrongSnippetShareLate,
        double[] ChannelShareLate)
    {
        public double SendTimeLift => FixedTimeEngagement > 0 ? LearnedTimeEngagement / FixedTimeEngagement - 1 : 0;
    }

    public static Report Run(WorldParameters parameters, int sends, int days = 28)
    {
        var world = new SimulatedWorld(parameters);
        var persons = Enumerable.Range(0, parameters.Persons).Select(world.Person).ToArray();
        var pick = new Random(parameters.Seed);
        var learn = new Random(SimulatedWorld.HashCode(parameters.Seed, 1));
        var outcome = new Random(SimulatedWorld.HashCode(parameters.Seed, 2));
        const int h = SendTimeEstimator.HoursPerWeek;

        var channels = new ArmPosterior[parameters.Channels.Count];
        var snippets = new ArmPosterior[parameters.SnippetQualities.Count];
        var prompts = new ArmPosterior[parameters.PromptQualities.Count];
        var costs = parameters.Channels.Select(c => c.CostCents).ToArray();
        var popTrials = new double[h];
        var popSuccesses = new double[h];
        var personTrials = new double[persons.Length][];
        var personSuccesses = new double[persons.Length][];
        var lastSent = new DateTimeOffset?[persons.Length];
        var population = SendTimeEstimator.PopulationRates(popTrials, popSuccesses);
        var strongest = parameters.SnippetQualities.IndexOf(parameters.SnippetQualities.Max());

        double engagements = 0, budgetBandit = 0, budgetEqual = 0, snippetT = 0, snippetU = 0, promptT = 0, promptU = 0, learnedTime = 0, fixedTime = 0;
        int strongEarly = 0, strongLate = 0;
        var lateChannels = new double[channels.Length];
        var window = Math.Max(1, sends / 10);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var step = TimeSpan.FromDays(days) / sends;

        for (var i = 0; i < sends; i++)
        {
            var now = start + step * i;
            var dayOfWeek = SendTimeEstimator.HourOfWeek(now) / 24;
            var who = pick.Next(persons.Length);
            var person = persons[who];
            var topic = pick.Next(parameters.Topics.Count);
            personTrials[who] ??= new double[h];
            personSuccesses[who] ??= new double[h];
            // The population prior changes slowly: refreshing it every 50 sends keeps the run fast without changing the answer.
            if (i % 50 == 0) population = SendTimeEstimator.PopulationRates(popTrials, popSuccesses);

            var channel = ChannelBandit.Pick(channels, costs, learn);
            var snippet = ArmPosterior.Pick(snippets, learn);
            var prompt = ArmPosterior.Pick(prompts, learn);
            var rates = SendTimeEstimator.PersonRates(personTrials[who], personSuccesses[who], population);
            var hourOfWeek = SendTimeEstimator.SampleHourOfWeek(dayOfWeek, rates, personTrials[who], popTrials, learn);
            var hour = hourOfWeek % 24;
            var sendAt = start.AddDays(Math.Floor((now - start).TotalDays)).AddHours(hour);
            double? since = lastSent[who] is { } last ? Math.Max(0, (sendAt - last).TotalDays) : null;

            double P(int ch, int sn, int pr, int hr) =>
                world.Engagement(person, ch, parameters.SnippetQualities[sn], parameters.PromptQualities[pr], topic, hr, since);

            var p = P(channel, snippet, prompt, hour);
            var engaged = outcome.NextDouble() < p;
            engagements += p;

            var values = Enumerable.Range(0, channels.Length).Select(c => P(c, snippet, prompt, hour) / costs[c]).ToArray();
            budgetBandit += values.Max() - values[channel];
            budgetEqual += values.Max() - values.Average();
            var bySnippet = Enumerable.Range(0, snippets.Length).Select(s => P(channel, s, prompt, hour)).ToArray();
            snippetT += bySnippet.Max() - bySnippet[snippet];
            snippetU += bySnippet.Max() - bySnippet.Average();
            var byPrompt = Enumerable.Range(0, prompts.Length).Select(v => P(channel, snippet, v, hour)).ToArray();
            promptT += byPrompt.Max() - byPrompt[prompt];
            promptU += byPrompt.Max() - byPrompt.Average();
            learnedTime += p;
            fixedTime += P(channel, snippet, prompt, FixedHour);
            if (i < window && snippet == strongest) strongEarly++;
            if (i >= sends - window)
            {
                if (snippet == strongest) strongLate++;
                lateChannels[channel]++;
            }

            var kind = engaged ? SignalKind.Positive : SignalKind.None;
            channels[channel] = channels[channel].Apply(SignalKind.Delivered, 0).Apply(kind, 1);
            snippets[snippet] = snippets[snippet].Apply(SignalKind.Delivered, 0).Apply(kind, 1);
            prompts[prompt] = prompts[prompt].Apply(SignalKind.Delivered, 0).Apply(kind, 1);
            personTrials[who][hourOfWeek]++;
            popTrials[hourOfWeek]++;
            if (engaged)
            {
                personSuccesses[who][hourOfWeek]++;
                popSuccesses[hourOfWeek]++;
            }
            lastSent[who] = sendAt;
        }

        return new Report(sends, engagements, budgetBandit, budgetEqual, snippetT, snippetU, promptT, promptU, learnedTime, fixedTime,
            (double)strongEarly / window, (double)strongLate / window, [.. lateChannels.Select(c => c / window)]);
    }
}
