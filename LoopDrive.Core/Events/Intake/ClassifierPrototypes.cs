namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// Labelled example sentences the offline classifier compares against: a label's centroid is the
/// mean of its examples' embeddings. Short, varied phrasings matter more than many of them.
/// </summary>
public static class ClassifierPrototypes
{
    public static readonly IReadOnlyDictionary<string, string[]> Intents = new Dictionary<string, string[]>
    {
        ["demo_request"] = ["Can we book a demo next week?", "I'd like to see a walkthrough of the product", "Could you show me how it works on a call?", "Let's schedule a meeting to see the platform"],
        ["pricing_question"] = ["How much does it cost?", "What is the price of the pro plan?", "Do you have a discount for annual billing?", "Can you send me your pricing?"],
        ["objection"] = ["It's too expensive for us right now", "We already use another tool for this", "Not a priority this quarter", "I'm not sure this fits our team"],
        ["unsubscribe_request"] = ["Please remove me from your list", "Unsubscribe", "Stop emailing me", "STOP", "Don't contact me again"],
        ["complaint"] = ["This is the third time my order arrived broken", "Your support never answered me, I'm very unhappy", "The product stopped working and nobody helps", "I want a refund, this is unacceptable"],
        ["purchase_intent"] = ["We're ready to buy, send the contract", "How do I sign up for the paid plan?", "I want to order ten licenses", "Let's move forward with the purchase"],
        ["other"] = ["Thanks, got it", "Sounds good", "Hello there", "I'll get back to you later"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Sentiments = new Dictionary<string, string[]>
    {
        ["positive"] = ["This is great, thank you so much!", "I love it", "Excellent work, really happy with this", "Sounds amazing"],
        ["neutral"] = ["Okay, noted", "What time is the call?", "Please send the details", "I received the email"],
        ["negative"] = ["This is terrible", "I'm really disappointed", "Very frustrating experience", "I hate this, it never works"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Topics = new Dictionary<string, string[]>
    {
        ["pricing"] = ["price, cost, plans and discounts", "how much is the subscription", "billing tiers and quotes"],
        ["product"] = ["features and capabilities of the product", "does it support this feature", "product roadmap and functionality"],
        ["integrations"] = ["integration with Salesforce, HubSpot or Slack", "API and webhooks", "connect it to our CRM"],
        ["support"] = ["help with a problem or bug", "customer support ticket", "it is not working, please help"],
        ["shipping"] = ["delivery, shipping and tracking of my order", "when will my package arrive", "shipping to Canada"],
        ["account"] = ["login, password and account settings", "change my email address", "cancel or manage my subscription"],
        ["scheduling"] = ["book a meeting or a call", "what time works for a demo", "calendar availability next week"],
    };
}
