/// The features the learned extractor reads for one assistant turn: hashed words and word
/// pairs of the reply's opening and ending and of the request it answers, plus what the
/// lexicon found. `valuegate extractor features` prints them, so the training script
/// (`scripts/train-extractor.py`) learns on exactly what inference sees.
///
/// Words are runs of ASCII letters and digits, lower-cased, with apostrophes (straight or
/// curly) kept inside; every other byte separates. Feature ids are 32-bit FNV-1a hashes of a
/// namespace and the word bytes, folded to `TurnFeatures.space` buckets.
public enum TurnFeatures {
    public static let space: UInt32 = 1 << 20

    /// How much of each text is read: refusals, compliance and caveats show at a reply's
    /// start and end, and a jailbreak's real request sits at the start or end of the prompt.
    static let replyHead = 800, replyTail = 240, requestHead = 300, requestTail = 300

    /// One word of the reply's opening, for quoting: its byte range and feature id.
    public struct Word: Sendable {
        public var start: Int
        public var end: Int
        public var feature: UInt32
    }

    /// Feature ids (deduplicated) of a turn, and the reply words they came from.
    public struct Reading: Sendable {
        public var features: [UInt32] = []
        public var replyWords: [Word] = []
        /// The named (not word) features, when asked for: training shrinks them less.
        public var named: [UInt32] = []
    }

    public static func read(reply: String, request: String?, lexiconValues: [String], lexiconResponse: ResponseType?,
                            userValues: [String], pushDepth: Int, turnIndex: Int, taxonomy: Taxonomy,
                            listingNamed: Bool = false) -> Reading {
        var reading = Reading()
        reading.features.reserveCapacity(768)
        // Duplicates are removed once at the end, in a scratch table cheaper than a Set.
        func add(_ id: UInt32) { reading.features.append(id) }
        func addNamed(_ id: UInt32) {
            add(id)
            if listingNamed { reading.named.append(id) }
        }
        func add(_ prefix: UInt32, _ name: String) { addNamed(hash(name.utf8, seed: prefix)) }

        var reply = reply
        var stance = StanceCues()
        let replyBytes = reply.withUTF8 { bytes -> Int in
            let head = min(bytes.count, replyHead)
            var previous: UInt32?, position = 0, opening: [UInt8] = [], previousEnd = 0
            words(bytes, in: 0 ..< head) { start, end in
                let word = UnsafeBufferPointer(rebasing: bytes[start ..< end])
                let unigram = hash(word, seed: Namespace.reply)
                add(unigram)
                reading.replyWords.append(Word(start: start, end: end, feature: unigram))
                if let previous { add(pair(previous, unigram)) }
                previous = unigram
                var newSentence = false
                for index in previousEnd ..< start where isSentenceEnd(bytes[index]) { newSentence = true; break }
                stance.read(unigram, newSentence: newSentence)
                previousEnd = end
                // The opening four words, in place: "i cannot", "sure here is", "as an ai".
                if position < 4 {
                    opening.append(contentsOf: word)
                    opening.append(0x20)
                    add(hash(opening, seed: Namespace.opening))
                }
                position += 1
            }
            if bytes.count > head {
                var previousTail: UInt32?
                words(bytes, in: max(head, bytes.count - replyTail) ..< bytes.count) { start, end in
                    let word = UnsafeBufferPointer(rebasing: bytes[start ..< end])
                    let unigram = hash(word, seed: Namespace.ending)
                    add(unigram)
                    stance.readEnding(hash(word, seed: Namespace.reply))
                    if let previousTail { add(pair(previousTail, unigram)) }
                    previousTail = unigram
                }
            }
            var last = bytes.count - 1
            while last >= 0 && (bytes[last] == 0x20 || bytes[last] == 0x0A || bytes[last] == 0x0D || bytes[last] == 0x09) { last -= 1 }
            stance.names(endsWithQuestion: last >= 0 && bytes[last] == 0x3F) { addNamed($0) }
            return bytes.count
        }
        if var request {
            request.withUTF8 { bytes in
                var previous: UInt32?
                let head = min(bytes.count, requestHead)
                let ranges = bytes.count > requestHead + requestTail
                    ? [0 ..< head, (bytes.count - requestTail) ..< bytes.count] : [0 ..< bytes.count]
                for range in ranges {
                    previous = nil
                    words(bytes, in: range) { start, end in
                        let unigram = hash(UnsafeBufferPointer(rebasing: bytes[start ..< end]), seed: Namespace.request)
                        add(unigram)
                        if let previous { add(pair(previous, unigram)) }
                        previous = unigram
                    }
                }
            }
            addNamed(Named.requestLength[bucket(request.utf8.count)])
        } else {
            addNamed(Named.noRequest)
        }
        for value in lexiconValues {
            add(Named.lexiconValue, value)
            if let category = taxonomy.category(ofValue: value) { add(Named.lexiconCategory, category) }
            if UndesiredValues.contains(value) { addNamed(Named.lexiconUndesired) }
        }
        if lexiconValues.isEmpty { addNamed(Named.lexiconNoValue) }
        addNamed(lexiconResponse.map { Named.lexiconResponse[$0]! } ?? Named.lexiconResponseNone)
        for value in userValues { add(Named.userValue, value) }
        if userValues.isEmpty { addNamed(Named.userNoValue) }
        // Length in sixths of bytes (about words) on the doubling scale, without reading the whole reply.
        addNamed(Named.replyLength[bucket(replyBytes / 6)])
        addNamed(Named.pushDepth[min(pushDepth, 3)])
        addNamed(Named.turn[min(turnIndex, 3)])
        addNamed(Named.bias)
        deduplicate(&reading.features)
        return reading
    }

    /// Calls `body` with the byte range of each word inside `range`.
    @inline(__always)
    static func words(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, _ body: (Int, Int) -> Void) {
        var index = range.lowerBound, start = -1
        // A word cut by the window's left edge is dropped rather than read as a new word.
        if index > 0 && isWordByte(bytes[index - 1]) {
            while index < range.upperBound && isWordByte(bytes[index]) { index += 1 }
        }
        while index < range.upperBound {
            let byte = bytes[index]
            if isWordByte(byte) {
                if start < 0 { start = index }
                index += 1
            } else if start >= 0 && (byte == 0x27 || byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x99)
                        && index + (byte == 0x27 ? 1 : 3) < range.upperBound && isWordByte(bytes[index + (byte == 0x27 ? 1 : 3)]) {
                index += byte == 0x27 ? 1 : 3
            } else {
                if start >= 0 { body(start, index); start = -1 }
                index += 1
            }
        }
        if start >= 0 { body(start, range.upperBound) }
    }

    @inline(__always)
    static func isSentenceEnd(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x21 || byte == 0x3F || byte == 0x0A }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Seeds of the word namespaces: reply opening words, the first four words in place, reply
    /// ending words, request words.
    enum Namespace {
        static let reply = namespace("r"), opening = namespace("o"), ending = namespace("e"), request = namespace("u")
    }

    /// The ids of the named features whose names are fixed, hashed once instead of per turn.
    enum Named {
        static let requestLength = (0 ... 10).map { id("request-length:\($0)") }
        static let replyLength = (0 ... 10).map { id("reply-length:\($0)") }
        static let pushDepth = (0 ... 3).map { id("push-depth:\($0)") }
        static let turn = (0 ... 3).map { id("turn:\($0)") }
        static let lexiconResponse = Dictionary(uniqueKeysWithValues: ResponseType.allCases.map { ($0, id("lexicon-response:\($0.rawValue)")) })
        static let lexiconResponseNone = id("lexicon-response:none")
        static let noRequest = id("no-request"), lexiconUndesired = id("lexicon-undesired"), lexiconNoValue = id("lexicon-no-value")
        static let userNoValue = id("user-no-value"), bias = id("bias")
        /// Hash states of name prefixes, continued by a value or category name.
        static let lexiconValue = prefix("lexicon-value:"), lexiconCategory = prefix("lexicon-category:"), userValue = prefix("user-value:")

        static func id(_ name: String) -> UInt32 { hash(name.utf8, seed: fnvOffset) }
        static func prefix(_ name: String) -> UInt32 { hashState(name.utf8, seed: fnvOffset) }
    }

    static let fnvOffset: UInt32 = 2_166_136_261
    static let fnvPrime: UInt32 = 16_777_619

    static func namespace(_ name: String) -> UInt32 {
        var hash = fnvOffset
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* fnvPrime }
        return (hash ^ 0x3A) &* fnvPrime
    }

    /// Keeps the first occurrence of each id, in order, using a scratch open-addressing table
    /// (ids are below `space`, so all ones marks an empty slot).
    static func deduplicate(_ ids: inout [UInt32]) {
        var capacity = 1024
        while capacity < ids.count * 2 { capacity *= 2 }
        let mask = capacity - 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { table in
            table.initialize(repeating: .max)
            var kept = 0
            for index in ids.indices {
                let id = ids[index]
                var slot = Int((id &* 2_654_435_761) >> 12) & mask
                while table[slot] != .max && table[slot] != id { slot = (slot + 1) & mask }
                guard table[slot] == .max else { continue }
                table[slot] = id
                ids[kept] = id
                kept += 1
            }
            ids.removeLast(ids.count - kept)
        }
    }

    /// FNV-1a of the word, lower-cased; a curly apostrophe reads as "'".
    @inline(__always)
    static func hash<C: Collection>(_ word: C, seed: UInt32) -> UInt32 where C.Element == UInt8 {
        hashState(word, seed: seed) % space
    }

    /// The running FNV-1a state, unfolded, so a name can be hashed in two parts.
    @inline(__always)
    static func hashState<C: Collection>(_ word: C, seed: UInt32) -> UInt32 where C.Element == UInt8 {
        var hash = seed
        var skip = 0
        for byte in word {
            if skip > 0 { skip -= 1; continue }
            var value = byte
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if value == 0xE2 { value = 0x27; skip = 2 }
            hash = (hash ^ UInt32(value)) &* fnvPrime
        }
        return hash
    }

    @inline(__always)
    static func pair(_ first: UInt32, _ second: UInt32) -> UInt32 {
        ((first &* 31 &+ second) &* fnvPrime ^ 0x9E37) % space
    }

    /// Length on a doubling scale: 0, 1, 2-3, 4-7, ... capped at 512+.
    static func bucket(_ count: Int) -> Int {
        var bucket = 0, limit = 1
        while count >= limit && bucket < 10 { bucket += 1; limit *= 2 }
        return bucket
    }
}
