"""A program written for openai-harmony (as its README's example), knowing nothing of airtok.

run_with_airtok_harmony.py runs it unchanged after airtok.install_as_openai_harmony(). It
prints, as JSON: the prompt's token ids, the messages parsed from a completion, the content
deltas of the same completion streamed, and the stop tokens.
"""

import json

from openai_harmony import (
    Author,
    Conversation,
    DeveloperContent,
    HarmonyEncodingName,
    Message,
    ReasoningEffort,
    Role,
    StreamableParser,
    SystemContent,
    ToolDescription,
    load_harmony_encoding,
)

encoding = load_harmony_encoding(HarmonyEncodingName.HARMONY_GPT_OSS)

system_message = (
    SystemContent.new()
    .with_reasoning_effort(ReasoningEffort.HIGH)
    .with_conversation_start_date("2025-06-28")
)
developer_message = (
    DeveloperContent.new()
    .with_instructions("Always respond in riddles")
    .with_function_tools([
        ToolDescription.new(
            "get_current_weather",
            "Gets the current weather in the provided location.",
            parameters={
                "type": "object",
                "properties": {
                    "location": {
                        "type": "string",
                        "description": "The city and state, e.g. San Francisco, CA",
                    },
                    "format": {
                        "type": "string",
                        "enum": ["celsius", "fahrenheit"],
                        "default": "celsius",
                    },
                },
                "required": ["location"],
            },
        ),
    ])
)
convo = Conversation.from_messages([
    Message.from_role_and_content(Role.SYSTEM, system_message),
    Message.from_role_and_content(Role.DEVELOPER, developer_message),
    Message.from_role_and_content(Role.USER, "What is the weather in Tokyo?"),
    Message.from_role_and_content(
        Role.ASSISTANT,
        'User asks: "What is the weather in Tokyo?" We need to use get_weather tool.',
    ).with_channel("analysis"),
    Message.from_role_and_content(Role.ASSISTANT, '{"location": "Tokyo"}')
    .with_channel("commentary")
    .with_recipient("functions.get_weather")
    .with_content_type("json"),
    Message.from_author_and_content(
        Author.new(Role.TOOL, "functions.lookup_weather"),
        '{ "temperature": 20, "sunny": true }',
    ),
])

prompt = encoding.render_conversation_for_completion(convo, Role.ASSISTANT)

# What the model might sample after the prompt's "<|start|>assistant".
sampled = encoding.encode(
    "<|channel|>analysis<|message|>It is sunny and 20 degrees.<|end|>"
    "<|start|>assistant<|channel|>final<|message|>Bright and warm, Tokyo is — twenty, no"
    " cloud to spare.<|return|>",
    allowed_special="all",
)
parsed = encoding.parse_messages_from_completion_tokens(sampled, Role.ASSISTANT)

stream = StreamableParser(encoding, role=Role.ASSISTANT)
deltas = []
for token in sampled:
    stream.process(token)
    if stream.last_content_delta:
        deltas.append([stream.current_channel, stream.last_content_delta])

print(json.dumps({
    "prompt": prompt,
    "parsed": [m.to_dict() for m in parsed],
    "streamed": [m.to_dict() for m in stream.messages],
    "deltas": deltas,
    "stop": encoding.stop_tokens_for_assistant_actions(),
}))
