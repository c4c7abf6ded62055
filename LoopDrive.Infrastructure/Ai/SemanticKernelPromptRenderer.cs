using LoopDrive.Core.Voice.Prompts;
using Microsoft.SemanticKernel;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// Prompt packs rendered with Semantic Kernel's template language (<c>{{$variable}}</c>). Values
/// are inserted verbatim — compose sends the rendered text as plain messages, not through SK's
/// chat-prompt XML parser, and has already defused customer text — so no HTML encoding is wanted.
/// Parsed templates are cached: packs change rarely and compose renders two per call.
/// </summary>
public sealed class SemanticKernelPromptRenderer : IPromptRenderer
{
    private static readonly Kernel Kernel = new();
    private readonly KernelPromptTemplateFactory _factory = new() { AllowDangerouslySetContent = true };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IPromptTemplate> _templates = new(StringComparer.Ordinal);

    public async Task<string> RenderAsync(string template, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var compiled = _templates.GetOrAdd(template, Create);
        var arguments = new KernelArguments();
        foreach (var (name, value) in variables) arguments[name] = value;
        return await compiled.RenderAsync(Kernel, arguments, cancellationToken);
    }

    /// <summary>
    /// Stricter than Semantic Kernel, which renders a malformed block as literal text: every block
    /// must be a closed <c>{{$variable}}</c> naming one of the variables compose provides (the
    /// kernel has no plugins, so a function call could never render).
    /// </summary>
    public string? Validate(string template)
    {
        var opens = CountOf(template, "{{");
        if (opens != CountOf(template, "}}")) return "Every {{ must be closed by }}.";
        foreach (System.Text.RegularExpressions.Match block in System.Text.RegularExpressions.Regex.Matches(template, @"\{\{(.*?)\}\}", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var name = block.Groups[1].Value.Trim();
            if (!name.StartsWith('$') || !PromptSections.Variables.Contains(name[1..]))
                return $"Unknown block {block.Value}; use {{{{$name}}}} with one of: {string.Join(", ", PromptSections.Variables)}.";
        }
        try
        {
            Create(template);
            return null;
        }
        catch (KernelException e)
        {
            return "Not a valid prompt template: " + e.Message;
        }
    }

    private static int CountOf(string text, string token)
    {
        var count = 0;
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + token.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private IPromptTemplate Create(string template)
    {
        var config = new PromptTemplateConfig(template)
        {
            TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat,
            AllowDangerouslySetContent = true,
        };
        return _factory.Create(config);
    }
}
