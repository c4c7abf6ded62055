namespace LoopDrive.Core.Voice.Prompts;

/// <summary>
/// Fills a prompt template (<c>{{$name}}</c> variables) with values. The implementation lives in
/// Infrastructure (Semantic Kernel's prompt templates); values are inserted as text, never
/// evaluated as template code.
/// </summary>
public interface IPromptRenderer
{
    Task<string> RenderAsync(string template, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken);

    /// <summary>Null when the template parses; otherwise why it does not.</summary>
    string? Validate(string template);
}
