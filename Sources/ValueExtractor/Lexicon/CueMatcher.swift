/// All cues of a lexicon compiled for one left-to-right pass over a message.
///
/// Cue words and prefixes live in a byte trie that the scanner walks while it reads each
/// token, so a token's matching terms (its exact word, and every `prefix*` it starts with)
/// are known without building a String. Each pattern is indexed under one "anchor" element,
/// its rarest-looking literal, so a token only wakes the few patterns anchored on it.
struct CueMatcher: Sendable {
    /// Trie character classes: 0-25 letters (either case), 26-35 digits, 36 apostrophe,
    /// 37 hyphen, 38 any non-ASCII byte inside a word (no cue contains one).
    static let classCount = 39
    static let apostropheClass: UInt8 = 36
    static let foreignClass: UInt8 = 38
    /// Not part of a token.
    static let separatorClass: UInt8 = 255

    /// Byte → class, for ASCII bytes; bytes >= 0x80 are decoded by the scanner.
    static let byteClass: [UInt8] = {
        var table = [UInt8](repeating: separatorClass, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = byte - UInt8(ascii: "a") }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = byte - UInt8(ascii: "A") }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = 26 + byte - UInt8(ascii: "0") }
        table[Int(UInt8(ascii: "'"))] = 36
        table[Int(UInt8(ascii: "-"))] = 37
        return table
    }()

    /// `transitions[node * classCount + class]` is the child node, or 0 for none (the root,
    /// node 0, is never a child).
    let transitions: [Int32]
    /// The term of the word ending at a node, or -1.
    let exactTerm: [Int32]
    /// The term of the `prefix*` ending at a node, or -1.
    let prefixTerm: [Int32]

    /// The elements of pattern `p` are `elements[elementStart[p] ..< elementStart[p + 1]]`:
    /// a term, or -1 for `*`.
    let elementStart: [Int32]
    let elements: [Int32]
    /// Position of the anchor element inside each pattern.
    let anchorOffset: [Int32]
    /// Patterns anchored on term `t` are `anchored[anchorStart[t] ..< anchorStart[t + 1]]`.
    let anchorStart: [Int32]
    let anchored: [Int32]
    /// Each pattern as written.
    let texts: [String]

    var patternCount: Int { texts.count }

    init(patterns: [CuePattern]) {
        var builder = TrieBuilder()
        var elementStart: [Int32] = [0]
        var elements: [Int32] = []
        var anchorOffset: [Int32] = []
        var anchorTerms: [Int32] = []
        for pattern in patterns {
            var best = (score: Int.min, offset: 0, term: Int32(0))
            for (offset, element) in pattern.elements.enumerated() {
                let term: Int32
                switch element {
                case .any: elements.append(-1); continue
                case .word(let word): term = builder.term(word: word)
                case .prefix(let prefix): term = builder.term(prefix: prefix)
                }
                elements.append(term)
                let score = CueMatcher.anchorScore(element)
                if score > best.score { best = (score, offset, term) }
            }
            elementStart.append(Int32(elements.count))
            anchorOffset.append(Int32(best.offset))
            anchorTerms.append(best.term)
        }
        // Counting sort of patterns by anchor term, keeping pattern order within a term.
        var anchorStart = [Int32](repeating: 0, count: builder.termCount + 1)
        for term in anchorTerms { anchorStart[Int(term) + 1] += 1 }
        for index in 0..<builder.termCount { anchorStart[index + 1] += anchorStart[index] }
        var fill = anchorStart
        var anchored = [Int32](repeating: 0, count: patterns.count)
        for (pattern, term) in anchorTerms.enumerated() {
            anchored[Int(fill[Int(term)])] = Int32(pattern)
            fill[Int(term)] += 1
        }

        self.transitions = builder.transitions
        self.exactTerm = builder.exactTerm
        self.prefixTerm = builder.prefixTerm
        self.elementStart = elementStart
        self.elements = elements
        self.anchorOffset = anchorOffset
        self.anchorStart = anchorStart
        self.anchored = anchored
        self.texts = patterns.map(\.text)
    }

    /// Function words wake too many patterns to be good anchors.
    private static let commonWords: Set<String> = [
        "a", "an", "the", "i", "i'm", "i'd", "i'll", "i've", "me", "my", "you", "you're", "your", "we", "us", "our",
        "he", "him", "his", "she", "her", "they", "them", "their", "it", "it's", "its", "this", "that", "that's",
        "to", "of", "in", "on", "at", "by", "for", "with", "from", "as", "and", "or", "but", "if", "so", "not", "no",
        "do", "don't", "is", "are", "be", "was", "can", "can't", "will", "won't", "would", "should", "have", "has",
        "what", "how", "just", "all", "make", "get", "there", "there's", "here", "here's", "more", "about",
    ]

    private static func anchorScore(_ element: CuePattern.Element) -> Int {
        switch element {
        case .any: return Int.min
        case .word(let word): return (commonWords.contains(word) ? 0 : 100) + word.utf8.count
        case .prefix(let prefix): return (prefix.utf8.count >= 4 ? 100 : 0) + prefix.utf8.count - 2
        }
    }

    /// Appends every pattern occurrence inside `tokens[range]` to `matches`.
    func findMatches(tokens: UnsafeBufferPointer<Token>, terms: UnsafeBufferPointer<Int32>, in range: Range<Int>, into matches: inout [CueMatch]) {
        elements.withUnsafeBufferPointer { elements in
        elementStart.withUnsafeBufferPointer { elementStart in
        anchorStart.withUnsafeBufferPointer { anchorStart in
        anchored.withUnsafeBufferPointer { anchored in
        anchorOffset.withUnsafeBufferPointer { anchorOffset in
            for position in range {
                let token = tokens[position]
                for termIndex in Int(token.termStart) ..< Int(token.termStart + token.termCount) {
                    let term = Int(terms[termIndex])
                    for slot in Int(anchorStart[term]) ..< Int(anchorStart[term + 1]) {
                        let pattern = Int(anchored[slot])
                        let first = Int(elementStart[pattern]), length = Int(elementStart[pattern + 1]) - first
                        let start = position - Int(anchorOffset[pattern])
                        guard start >= range.lowerBound, start + length <= range.upperBound else { continue }
                        var matched = true
                        for offset in 0..<length {
                            let wanted = elements[first + offset]
                            if wanted < 0 || start + offset == position { continue }
                            if !Self.token(tokens[start + offset], has: wanted, terms: terms) { matched = false; break }
                        }
                        if matched {
                            matches.append(CueMatch(pattern: Int32(pattern), start: Int32(start), end: Int32(start + length)))
                        }
                    }
                }
            }
        }}}}}
    }

    @inline(__always)
    private static func token(_ token: Token, has term: Int32, terms: UnsafeBufferPointer<Int32>) -> Bool {
        var index = Int(token.termStart)
        let end = index + Int(token.termCount)
        while index < end {
            if terms[index] == term { return true }
            index += 1
        }
        return false
    }
}

/// One occurrence of a pattern: tokens `start ..< end` of the message.
struct CueMatch: Sendable {
    var pattern: Int32
    var start: Int32
    var end: Int32
}

/// Builds the byte trie of cue words and prefixes, numbering each distinct term once.
private struct TrieBuilder {
    var transitions = [Int32](repeating: 0, count: CueMatcher.classCount)
    var exactTerm: [Int32] = [-1]
    var prefixTerm: [Int32] = [-1]
    private var words: [String: Int32] = [:]
    private var prefixes: [String: Int32] = [:]
    private(set) var termCount = 0

    mutating func term(word: String) -> Int32 {
        if let term = words[word] { return term }
        let term = newTerm()
        words[word] = term
        exactTerm[node(for: word)] = term
        return term
    }

    mutating func term(prefix: String) -> Int32 {
        if let term = prefixes[prefix] { return term }
        let term = newTerm()
        prefixes[prefix] = term
        prefixTerm[node(for: prefix)] = term
        return term
    }

    private mutating func newTerm() -> Int32 {
        termCount += 1
        return Int32(termCount - 1)
    }

    /// The node reached by `text`, creating nodes as needed. Cue words are validated ASCII.
    private mutating func node(for text: String) -> Int {
        var node = 0
        for byte in text.utf8 {
            let slot = node * CueMatcher.classCount + Int(CueMatcher.byteClass[Int(byte)])
            if transitions[slot] == 0 {
                transitions[slot] = Int32(exactTerm.count)
                transitions.append(contentsOf: repeatElement(0, count: CueMatcher.classCount))
                exactTerm.append(-1)
                prefixTerm.append(-1)
            }
            node = Int(transitions[slot])
        }
        return node
    }
}
