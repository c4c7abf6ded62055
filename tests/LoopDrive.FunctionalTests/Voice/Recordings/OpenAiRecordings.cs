namespace LoopDrive.FunctionalTests.Voice.Recordings;

/// <summary>A chat-completions response body in the wire format the OpenAI API answers a json_schema request with; the client library parses it as it would a live one.</summary>
internal static class OpenAiRecordings
{
    public const string ChatCompletion = """
{
  "id": "chatcmpl-BqR7dXk2m9vT4sZ1",
  "object": "chat.completion",
  "created": 1764180000,
  "model": "gpt-4o-mini-2024-07-18",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": "{\"primary\":{\"subject\":\"Ana, see the ordering dashboard in 15 minutes\",\"body\":\"Hi Ana,\\n\\nYou mentioned wanting a demo of the ordering dashboard for your bakery, so we set aside a short slot. It is simple, and your sourdough orders would plan themselves. Book your demo: [LINK]\",\"cta\":\"Book your demo\",\"ps\":\"P.S. Bring your wholesale questions.\"},\"variants\":[{\"subject\":\"A fresh way to plan your bakery orders\",\"body\":\"Hi Ana,\\n\\nFifteen minutes is enough to see how the dashboard handles wholesale orders. Pick a time: [LINK]\",\"cta\":\"Pick a time\",\"ps\":null}]}",
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 912,
    "completion_tokens": 141,
    "total_tokens": 1053,
    "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
    "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
  },
  "service_tier": "default",
  "system_fingerprint": "fp_560af6e559"
}
""";
}
