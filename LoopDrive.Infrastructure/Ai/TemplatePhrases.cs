namespace LoopDrive.Infrastructure.Ai;

/// <summary>The template writer's phrase banks per objective. {topic} is the person's top topic; lines without it are used when there is none.</summary>
internal static class TemplatePhrases
{
    public sealed record Bank(string[] Lines, string[] TopicLines, string[] Subjects, string[] Direct, string[] Question, string[] Soft, string[] Ps);

    public static Bank For(string objective) => objective switch
    {
        "winback" => new(
            ["It has been a while, and a lot has improved since you last logged in.", "We would love to have you back; the things you used are faster now."],
            ["We made {topic} simpler since you last visited.", "If {topic} is still on your list, the new version handles it for you."],
            ["{name}, we saved your spot", "A lot changed since you left, {name}"],
            ["Pick up where you left off"], ["Want a quick tour of what changed?"], ["Have a look when you have a minute"],
            ["P.S. Your old settings are still there."]),
        "demo_book" => new(
            ["A short demo shows it with your own setup, not slides.", "Fifteen minutes is enough to see whether it fits your team."],
            ["We can show exactly how it handles {topic} in a short demo.", "Bring your {topic} questions; the demo is built around them."],
            ["{name}, 15 minutes to see it live?", "A quick demo for {topic}, {name}"],
            ["Book a 15-minute demo"], ["Would a 15-minute demo this week help?"], ["Grab a demo slot whenever it suits you"],
            ["P.S. You can bring your team along."]),
        "upsell" => new(
            ["The next plan removes the limits you keep running into.", "Teams at your stage usually get the most out of the next plan."],
            ["The next plan adds more for {topic}.", "If {topic} keeps growing, the next plan grows with it."],
            ["{name}, room to grow", "More for {topic}, {name}"],
            ["See the next plan"], ["Curious what the next plan adds?"], ["Compare the plans when you have a moment"],
            ["P.S. You can switch back any time."]),
        "cross_sell" => new(
            ["There is a companion tool that fits right next to what you already use.", "Many customers pair it with a second tool that saves another hour a week."],
            ["It pairs well with how you handle {topic}.", "For {topic}, the companion tool closes the loop."],
            ["{name}, a good fit next to what you use", "Something that pairs with {topic}"],
            ["Try the companion tool"], ["Want to see how they work together?"], ["Take a look when it suits you"],
            ["P.S. It works with your current setup."]),
        "onboard" => new(
            ["Here is the one step that gets most teams to their first win.", "Your first win is one small setup step away."],
            ["Start with {topic}: it is the quickest first win.", "Since {topic} matters to you, set that up first."],
            ["{name}, your first win in five minutes", "Getting started with {topic}"],
            ["Finish your setup"], ["Ready for the five-minute setup?"], ["Set it up whenever you are ready"],
            ["P.S. Reply if anything is unclear; a person reads every reply."]),
        "support" => new(
            ["We are looking into this and will keep you posted.", "Here is what we found and what happens next."],
            ["We checked how this affects {topic} for you.", "Your {topic} setup is part of what we are checking."],
            ["{name}, an update on your request", "About your {topic} question"],
            ["See the details"], ["Does this answer your question?"], ["Read more when you have time"],
            ["P.S. Reply to this message to reach the same person."]),
        "education" => new(
            ["Here is one practical tip you can use today.", "A small change that saves time every week:"],
            ["One practical tip on {topic} you can use today.", "A quick lesson on {topic} from teams like yours."],
            ["{name}, one tip for {topic}", "A five-minute read on {topic}"],
            ["Read the guide"], ["Want the full guide?"], ["Save the guide for later"],
            ["P.S. The guide has a checklist you can copy."]),
        _ => new(
            ["We put together something useful for you.", "Here is a small idea that could make your week easier."],
            ["We found something useful about {topic}.", "A small idea for {topic} that could make your week easier."],
            ["{name}, something useful for you", "An idea for {topic}, {name}"],
            ["Take a look"], ["Want to see it?"], ["Have a look when you have a minute"],
            ["P.S. Reply any time; we read every message."]),
    };

    public static readonly string[] MemoryIntros = ["Last time you mentioned", "You told us", "We remembered what you shared"];

    public static readonly string[] Openings = ["Hope your week is going well.", "Quick note from us.", "Thanks for being with us."];
}
