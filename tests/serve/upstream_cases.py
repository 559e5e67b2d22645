"""Upstream token ids with the messages upstream parses them into, shared by the service's tests
(test_serve.py, test_load.py)."""

# Upstream token ids with the messages upstream parses them into (openai/harmony's docs/format.md
# reasoning example and src/tests.rs test_simple_tool_call, as tests/harmony/parse_test.cpp).
DOCS_REASONING_TOKENS = [
    200005, 35644, 200008, 1844, 31064, 25, 392, 4827, 382, 220, 17, 659, 220, 17, 16842, 12295,
    81645, 13, 51441, 6052, 13, 200007, 200006, 173781, 200005, 17196, 200008, 17, 659, 220, 17,
    314, 220, 19, 13, 200002]
DOCS_REASONING_MESSAGES = [
    {"role": "assistant", "channel": "analysis", "content": [
        {"type": "text",
         "text": "User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer."}]},
    {"role": "assistant", "channel": "final",
     "content": [{"type": "text", "text": "2 + 2 = 4."}]}]
TOOL_CALL_TOKENS = [
    200005, 35644, 200008, 1844, 31064, 25, 392, 4827, 382, 290, 11122, 306, 40510, 16842, 1416,
    1309, 316, 1199, 37342, 170154, 4584, 13, 200007, 200006, 173781, 200005, 35644, 316, 28,
    29712, 170154, 3490, 200008, 10848, 7693, 1243, 392, 173844, 18583]
TOOL_CALL_MESSAGES = [
    {"role": "assistant", "channel": "analysis", "content": [
        {"type": "text", "text": "User asks: \"What is the weather in Tokyo?\" We need to use "
                                 "lookup_weather tool."}]},
    {"role": "assistant", "channel": "analysis", "recipient": "lookup_weather",
     "content_type": "code", "content": [{"type": "text", "text": "{\"location\": \"Tokyo\"}"}]}]
