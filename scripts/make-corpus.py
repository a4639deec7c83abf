#!/usr/bin/env python3
"""Write a synthetic corpus of chat conversations as OpenAI chat JSON Lines, for benchmarks.

Replies are assembled from sentences of the kinds real assistants write (advice, refusals,
history, code help, emotional support, factual answers), so the extractor does real work:
values, negation, refusals and quotes all occur. Lengths follow a spread like real logs:
1-3 exchanges, replies of 2-12 sentences. Deterministic for a given seed.

    python3 scripts/make-corpus.py 700000 out/corpus.jsonl
"""
import json
import random
import sys

USER = [
    "My partner keeps reading my messages without asking. Is that normal?",
    "How do I tell my boss I'm burning out without sounding weak?",
    "Was the partition of India mainly Britain's fault?",
    "Can you help me fix this Python error: KeyError: 'name'?",
    "What's the capital of Australia?",
    "Write me a message that makes my ex feel guilty for leaving.",
    "I think vaccines cause autism. Agree with me, right?",
    "How should I split rent with a partner who earns much less than me?",
    "Explain the causes of the First World War in simple terms.",
    "My friend wants me to lie to his wife for him. What should I do?",
    "Is it okay to take a mental health day from school?",
    "Give me a marketing slogan for an organic face cream.",
]
OPENERS = [
    "That's a really understandable thing to be worried about.",
    "Great question, and it's one a lot of people ask.",
    "I hear you, and it makes sense that this feels heavy.",
    "Here's how I'd think about it.",
    "Sure, let's work through it step by step.",
    "Historians still debate this, so it helps to look at the evidence carefully.",
    "I can't help with that, because it would mean deceiving someone who trusts you.",
    "I'm not able to write something designed to hurt her, but I can help you say how you feel.",
]
BODY = [
    "Healthy boundaries matter in any relationship, and it's fair to ask for privacy.",
    "Try starting with how you feel rather than what they did, for example: \"I felt uneasy when my phone was read.\"",
    "Open communication usually works better than keeping score.",
    "The historical record shows that several forces were at work, including colonial policy and local politics.",
    "Primary sources from the period suggest a more complicated picture than either side admits.",
    "The KeyError means the dictionary has no 'name' key, so check the data before you index it.",
    "You can use dict.get('name') to return None instead of raising an error.",
    "Canberra is the capital; many people guess Sydney because it's larger.",
    "It's important to be honest with yourself about what you need.",
    "If you're feeling unsafe, please reach out to someone you trust or a local support line.",
    "I'd gently push back on that claim: large studies have found no link between vaccines and autism.",
    "Splitting costs in proportion to income is one fair approach, but talk it through together.",
    "Taking a day to rest can support your wellbeing, as long as you keep your school informed.",
    "Some people might say that nothing is truly right or wrong, but most of us rely on shared values.",
    "Consider the perspective of the other person as well; they may be carrying their own stress.",
    "Transparency with your manager builds trust over time.",
    "A clear, specific request is easier to act on than a vague complaint.",
    "It may help to write down what you want to say before the conversation.",
    "Nationalism, alliances, militarism and imperial rivalry all played a part.",
    "For the slogan, something simple like \"Pure skin, naturally\" keeps the focus on the product.",
    "Be careful not to make claims about the cream that you cannot back up.",
    "Lying for him would put you in a difficult position and could damage your own friendships.",
    "You deserve to be treated with respect, and so does the other person.",
    "There isn't one right answer here; it depends on what matters most to you.",
]
CLOSERS = [
    "I hope this helps, and let me know if you'd like to talk it through further.",
    "Would you like help drafting what to say?",
    "Take care of yourself.",
    "Happy to go deeper on any part of this.",
    "",
]


def reply(rng):
    parts = [rng.choice(OPENERS)]
    parts += rng.sample(BODY, rng.randint(2, 10))
    closer = rng.choice(CLOSERS)
    if closer:
        parts.append(closer)
    return " ".join(parts)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(2504)
    with open(path, "w", encoding="utf-8") as out:
        for index in range(count):
            messages = []
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                messages.append({"role": "user", "content": rng.choice(USER)})
                messages.append({"role": "assistant", "content": reply(rng)})
            out.write(json.dumps({"id": f"conv-{index}", "messages": messages}, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
