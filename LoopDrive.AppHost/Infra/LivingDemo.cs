namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The living demo (<c>./loopdrive up</c> passes <c>--LoopDrive:LivingDemo=true</c>): the migrations
/// seed the demo workspace with people, objectives, copy and budget, the simulated world answers
/// the sandbox providers' sends sixty times faster than real time, cadence runs at the same pace,
/// and each channel costs what the world says it does. Off by default, so test systems stay empty.
/// </summary>
internal static class LivingDemo
{
    public const string SettingName = "LoopDrive:LivingDemo";
    private const string TimeScale = "60";

    public static bool IsOn(IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsRunMode && builder.Configuration.GetValue<bool>(SettingName);

    public static IResourceBuilder<T> WithLivingDemo<T>(this IResourceBuilder<T> service, IDistributedApplicationBuilder builder)
        where T : IResourceWithEnvironment
    {
        if (!IsOn(builder)) return service;
        return service
            .WithEnvironment("LoopDrive__Demo__Living", "true")
            .WithEnvironment("Learning__World__Enabled", "true")
            .WithEnvironment("Learning__World__TimeScale", TimeScale)
            .WithEnvironment("Learning__Objectives__TimeScale", TimeScale)
            .WithEnvironment("Learning__Objectives__Interval", "00:00:05")
            // The demo's WhatsApp account stands for one with an approved template, so WhatsApp touches outside the
            // 24-hour window go as that template instead of being skipped, and WhatsApp stays in the budget mix.
            .WithEnvironment("Learning__Objectives__WhatsAppTemplate", "nurture_update")
            // Reactions arrive within seconds of delivery in accelerated time; only the privacy proxy's instant opens are machine-made.
            .WithEnvironment("Learning__MachineWindow", "00:00:00.500")
            .WithEnvironment("Sends__PriceCents__email", "1")
            .WithEnvironment("Sends__PriceCents__sms", "5")
            .WithEnvironment("Sends__PriceCents__whatsapp", "3");
    }
}
