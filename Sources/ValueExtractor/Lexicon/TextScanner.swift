/// A token of a message: a run of letters and digits, with inner apostrophes and hyphens.
struct Token: Sendable {
    /// Byte offsets into the message's UTF-8.
    var start: Int32
    var end: Int32
    /// Running clause number in the message. Commas, semicolons, colons, brackets, dashes and
    /// sentence ends start a new clause; negators do not reach across them.
    var clause: Int32
    /// The token's matching cue terms are `terms[termStart ..< termStart + termCount]`.
    var termStart: Int32
    var termCount: Int32
    /// Inside "double" or “curly” quotation marks.
    var quoted: Bool
}

/// A sentence: bytes `start ..< end` of the message, holding tokens `tokenStart ..< tokenEnd`.
struct Sentence: Sendable {
    var start: Int32
    var end: Int32
    var tokenStart: Int32
    var tokenEnd: Int32

    var tokens: Range<Int> { Int(tokenStart) ..< Int(tokenEnd) }
}

/// Reused storage for scanning messages, so a conversation costs a few allocations, not one
/// per token.
struct ScanBuffers {
    var tokens: [Token] = []
    var terms: [Int32] = []
    var sentences: [Sentence] = []
    var matches: [CueMatch] = []

    mutating func reset() {
        tokens.removeAll(keepingCapacity: true)
        terms.removeAll(keepingCapacity: true)
        sentences.removeAll(keepingCapacity: true)
        matches.removeAll(keepingCapacity: true)
    }
}

/// Splits a message into sentences and tokens in one pass over its UTF-8 bytes, walking the
/// cue trie as it goes.
///
/// Sentences end at `.` (unless a letter or digit follows, as in "3.5" or "e.g"), `!`, `?`
/// and line breaks, so list items are sentences of their own. Letters are lower-cased
/// (ASCII); a curly apostrophe inside a word reads as `'`. Non-ASCII letters join tokens but
/// match only `*`, since cues are ASCII.
enum TextScanner {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, matcher: CueMatcher, into buffers: inout ScanBuffers) {
        buffers.reset()
        CueMatcher.byteClass.withUnsafeBufferPointer { byteClass in
        matcher.transitions.withUnsafeBufferPointer { transitions in
        matcher.exactTerm.withUnsafeBufferPointer { exactTerm in
        matcher.prefixTerm.withUnsafeBufferPointer { prefixTerm in
            var cursor = Cursor(bytes: bytes, byteClass: byteClass, transitions: transitions,
                                exactTerm: exactTerm, prefixTerm: prefixTerm)
            swap(&cursor.buffers, &buffers)
            cursor.run()
            swap(&cursor.buffers, &buffers)
        }}}}
    }
}

/// The scanner's state. A struct with mutating methods rather than closures over local
/// variables, so the hot loop runs without dynamic exclusivity checks.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let byteClass: UnsafeBufferPointer<UInt8>
    let transitions: UnsafeBufferPointer<Int32>
    let exactTerm: UnsafeBufferPointer<Int32>
    let prefixTerm: UnsafeBufferPointer<Int32>
    var buffers = ScanBuffers()

    var tokenStart = -1
    /// Trie node of the token so far; -1 once no cue word can match.
    var node: Int32 = -1
    var termStart: Int32 = 0
    var tokenQuoted = false
    var quoted = false
    var clause: Int32 = 0
    var sentenceStart = 0
    var sentenceTokenStart = 0

    init(bytes: UnsafeBufferPointer<UInt8>, byteClass: UnsafeBufferPointer<UInt8>, transitions: UnsafeBufferPointer<Int32>,
         exactTerm: UnsafeBufferPointer<Int32>, prefixTerm: UnsafeBufferPointer<Int32>) {
        self.bytes = bytes
        self.byteClass = byteClass
        self.transitions = transitions
        self.exactTerm = exactTerm
        self.prefixTerm = prefixTerm
    }

    mutating func run() {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                let characterClass = byteClass[Int(byte)]
                if characterClass < 36 {
                    if tokenStart < 0 { begin(index) }
                    step(characterClass)
                } else if characterClass != CueMatcher.separatorClass {
                    // Apostrophe or hyphen: part of the token only between word characters.
                    if tokenStart >= 0 && wordByte(at: index + 1) {
                        step(characterClass)
                    } else if byte == UInt8(ascii: "-") {
                        clauseBreak(index)
                    } else {
                        endToken(index)
                    }
                } else {
                    punctuation(byte, at: index)
                }
                index += 1
                continue
            }

            let length = NonASCII.length(of: byte)
            switch NonASCII.kind(bytes, at: index, length: length) {
            case .apostrophe:
                if tokenStart >= 0 && wordByte(at: index + length) { step(CueMatcher.apostropheClass) } else { endToken(index) }
            case .openQuote:
                endToken(index)
                quoted = true
            case .closeQuote:
                endToken(index)
                quoted = false
            case .clauseBreak:
                clauseBreak(index)
            case .separator:
                endToken(index)
            case .letter:
                if tokenStart < 0 { begin(index) }
                node = -1
            }
            index += length
        }
        endSentence(at: count, end: count, next: count)
    }

    private mutating func punctuation(_ byte: UInt8, at index: Int) {
        switch byte {
        case UInt8(ascii: "."):
            if wordByte(at: index + 1) { endToken(index) } else { endSentence(at: index, end: index + 1, next: index + 1) }
        case UInt8(ascii: "!"), UInt8(ascii: "?"):
            endSentence(at: index, end: index + 1, next: index + 1)
        case UInt8(ascii: "\n"):
            endSentence(at: index, end: index, next: index + 1)
            quoted = false  // an unbalanced quote must not run on
        case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"):
            clauseBreak(index)
        case UInt8(ascii: "\""):
            endToken(index)
            quoted.toggle()
        default:
            endToken(index)
        }
    }

    /// Advances the trie by one character class, recording each prefix term passed.
    @inline(__always)
    private mutating func step(_ characterClass: UInt8) {
        guard node >= 0 else { return }
        let next = transitions[Int(node) * CueMatcher.classCount + Int(characterClass)]
        if next == 0 { node = -1; return }
        node = next
        let prefix = prefixTerm[Int(next)]
        if prefix >= 0 { buffers.terms.append(prefix) }
    }

    @inline(__always)
    private mutating func begin(_ index: Int) {
        tokenStart = index
        node = 0
        termStart = Int32(buffers.terms.count)
        tokenQuoted = quoted
    }

    private mutating func endToken(_ index: Int) {
        guard tokenStart >= 0 else { return }
        if node >= 0 {
            let exact = exactTerm[Int(node)]
            if exact >= 0 { buffers.terms.append(exact) }
        }
        buffers.tokens.append(Token(
            start: Int32(tokenStart), end: Int32(index), clause: clause,
            termStart: termStart, termCount: Int32(buffers.terms.count) - termStart, quoted: tokenQuoted))
        tokenStart = -1
    }

    /// The token (if any) ends at `index`; the sentence, with its punctuation, at `end`.
    private mutating func endSentence(at index: Int, end: Int, next: Int) {
        endToken(index)
        if buffers.tokens.count > sentenceTokenStart {
            buffers.sentences.append(Sentence(
                start: Int32(sentenceStart), end: Int32(end),
                tokenStart: Int32(sentenceTokenStart), tokenEnd: Int32(buffers.tokens.count)))
        }
        sentenceStart = next
        sentenceTokenStart = buffers.tokens.count
        clause += 1
    }

    private mutating func clauseBreak(_ index: Int) {
        endToken(index)
        clause += 1
    }

    /// A letter or digit at `index`: what makes ' - . inner.
    @inline(__always)
    private func wordByte(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        if byte < 0x80 { return byteClass[Int(byte)] < 36 }
        return NonASCII.kind(bytes, at: index, length: NonASCII.length(of: byte)) == .letter
    }
}

/// What a multi-byte UTF-8 character means to the scanner.
private enum NonASCII {
    enum Kind { case apostrophe, openQuote, closeQuote, clauseBreak, separator, letter }

    /// Bytes in the UTF-8 sequence this lead byte starts (1 for a stray continuation byte).
    @inline(__always)
    static func length(of lead: UInt8) -> Int {
        lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }

    @inline(__always)
    static func kind(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Kind {
        let lead = bytes[index]
        guard index + length <= bytes.count, length > 1 else { return .separator }
        let second = bytes[index + 1]
        switch length {
        case 2:
            guard lead == 0xC2 else { return .letter }
            // U+0080-U+00BF: no-break space and Latin-1 punctuation.
            if second == 0xAB { return .openQuote }   // «
            if second == 0xBB { return .closeQuote }  // »
            return .separator
        case 3:
            if lead == 0xE2 && second == 0x80 {
                switch bytes[index + 2] {
                case 0x98, 0x99: return .apostrophe        // ‘ ’
                case 0x9C: return .openQuote               // “
                case 0x9D: return .closeQuote              // ”
                case 0x93, 0x94, 0xA6: return .clauseBreak  // – — …
                default: return .separator                  // spaces, bullets, other punctuation
                }
            }
            // U+2000-U+2BFF: punctuation, symbols, arrows, dingbats. U+3000-U+303F: CJK
            // punctuation. U+FEFF: byte order mark.
            if lead == 0xE2 || (lead == 0xE3 && second == 0x80) || (lead == 0xEF && second == 0xBB) { return .separator }
            return .letter
        default:
            return .separator  // emoji and other astral symbols
        }
    }
}
