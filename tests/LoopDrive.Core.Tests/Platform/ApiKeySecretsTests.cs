using LoopDrive.Core.Platform;

namespace LoopDrive.Core.Tests.Platform;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void A_generated_key_is_ld_and_48_hex_characters_and_passes_the_shape_check()
    {
        var key = ApiKeySecrets.Generate();

        Assert.Matches("^ld_[0-9a-f]{48}$", key);
        Assert.True(ApiKeySecrets.LooksValid(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ld_")]
    [InlineData("sk_000000000000000000000000000000000000000000000000")]
    [InlineData("ld_00000000000000000000000000000000000000000000000G")]
    [InlineData("ld_0000000000000000000000000000000000000000000000000")]
    public void Strings_that_are_not_keys_fail_the_shape_check_before_any_lookup(string? candidate) =>
        Assert.False(ApiKeySecrets.LooksValid(candidate));

    [Fact]
    public void The_stored_hash_is_stable_and_differs_between_keys()
    {
        var a = ApiKeySecrets.Generate();
        var b = ApiKeySecrets.Generate();

        Assert.Equal(ApiKeySecrets.Hash(a), ApiKeySecrets.Hash(a));
        Assert.NotEqual(ApiKeySecrets.Hash(a), ApiKeySecrets.Hash(b));
        Assert.DoesNotContain(a[3..], ApiKeySecrets.Hash(a), StringComparison.Ordinal);
    }

    [Fact]
    public void The_displayed_prefix_is_too_short_to_call_with()
    {
        var key = ApiKeySecrets.Generate();
        var shown = ApiKeySecrets.Display(key);

        Assert.StartsWith(shown, key, StringComparison.Ordinal);
        Assert.False(ApiKeySecrets.LooksValid(shown));
        Assert.True(shown.Length <= 12);
    }
}
