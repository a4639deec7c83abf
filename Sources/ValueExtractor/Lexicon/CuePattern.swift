/// A lexicon cue such as `tell * the truth` or `truthful*`, matched against a sentence's
/// tokens in sequence.
///
/// Syntax: lowercase words separated by single spaces. A word is ASCII letters, digits,
/// inner apostrophes and hyphens (`don't`, `well-being`); `word*` matches any token starting
/// with `word`; `*` alone matches exactly one token. At least one element is not `*`.
/// Cues are ASCII because tokens are compared byte for byte after ASCII lower-casing.
struct CuePattern: Hashable, Sendable {
    enum Element: Hashable, Sendable {
        /// Exactly this token.
        case word(String)
        /// Any token starting with this text.
        case prefix(String)
        /// Any one token.
        case any
    }

    /// The pattern as written, used as `ValueHit.cue`.
    let text: String
    let elements: [Element]

    init(parsing text: String) throws(CueSyntaxError) {
        guard !text.isEmpty else { throw .empty }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        var elements: [Element] = []
        for part in parts {
            guard !part.isEmpty else { throw .spacing }
            if part == "*" { elements.append(.any); continue }
            let isPrefix = part.hasSuffix("*")
            let word = isPrefix ? part.dropLast() : part[...]
            try CuePattern.validate(word: word, in: part)
            elements.append(isPrefix ? .prefix(String(word)) : .word(String(word)))
        }
        guard elements.contains(where: { $0 != .any }) else { throw .noLiteral }
        self.text = text
        self.elements = elements
    }

    private static func validate(word: Substring, in part: Substring) throws(CueSyntaxError) {
        guard let first = word.utf8.first, let last = word.utf8.last else { throw .badWord(String(part)) }
        for byte in word.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): throw .uppercase(String(part))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): continue
            case UInt8(ascii: "'"), UInt8(ascii: "-"): continue
            default: throw .badWord(String(part))
            }
        }
        // Tokens never start or end with an apostrophe or hyphen, so such a cue could never match.
        let inner: Set<UInt8> = [UInt8(ascii: "'"), UInt8(ascii: "-")]
        if inner.contains(first) || inner.contains(last) { throw .badWord(String(part)) }
    }
}

/// Why a cue pattern cannot be used.
enum CueSyntaxError: Error, CustomStringConvertible {
    case empty
    case spacing
    case noLiteral
    case uppercase(String)
    case badWord(String)

    var description: String {
        switch self {
        case .empty: return "the cue is empty"
        case .spacing: return "words must be separated by single spaces, without leading or trailing spaces"
        case .noLiteral: return "a cue needs at least one word besides '*'"
        case .uppercase(let word): return "'\(word)' must be lowercase"
        case .badWord(let word):
            return "'\(word)' may only hold ASCII letters and digits, inner apostrophes and hyphens, and a trailing '*' (write ' not ’)"
        }
    }
}
