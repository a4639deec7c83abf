/// Evidence quotes: the sentence a cue was found in, short enough for a report.
enum Evidence {
    static let maximumLength = 240

    /// The sentence `bytes[sentence]` without list markers or surrounding space. A longer
    /// sentence is cut at word boundaries to a window around the cue (`bytes[cue]`), with "…"
    /// where text was left out, so the quote always shows what matched.
    static func quote(_ bytes: UnsafeBufferPointer<UInt8>, sentence: Range<Int>, cue: Range<Int>) -> String {
        var start = sentence.lowerBound, end = sentence.upperBound
        while start < cue.lowerBound {
            if isLeadingJunk(bytes[start]) { start += 1; continue }
            // The closing quotation mark of the previous sentence ('"' or '”' before a space).
            let mark = bytes[start] == UInt8(ascii: "\"") ? 1 : isClosingCurlyQuote(bytes, at: start) ? 3 : 0
            guard mark > 0, start + mark < cue.lowerBound, isSpace(bytes[start + mark]) else { break }
            start += mark
        }
        while end > cue.upperBound, isSpace(bytes[end - 1]) { end -= 1 }
        // A character takes at least one byte: short sentences need no counting.
        if end - start <= maximumLength {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
        }
        let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< cue.lowerBound]), as: UTF8.self)
        let matched = String(decoding: UnsafeBufferPointer(rebasing: bytes[cue]), as: UTF8.self)
        let after = String(decoding: UnsafeBufferPointer(rebasing: bytes[cue.upperBound ..< end]), as: UTF8.self)
        let total = before.count + matched.count + after.count
        if total <= maximumLength { return before + matched + after }
        return window(before: before, matched: matched, after: after)
    }

    private static func window(before: String, matched: String, after: String) -> String {
        let ellipsis = "…"
        if matched.count >= maximumLength - 2 {
            return String(matched.prefix(maximumLength - 1)) + ellipsis
        }
        // Share what is left between the two sides; a short side leaves its share to the other.
        let room = maximumLength - matched.count - 2
        var leftRoom = min(before.count, room / 2)
        let rightRoom = min(after.count, room - leftRoom)
        leftRoom = min(before.count, room - rightRoom)

        var left = Substring(before.suffix(leftRoom))
        if left.count < before.count, let space = left.firstIndex(where: \.isWhitespace) {
            left = left[left.index(after: space)...]
        }
        var right = Substring(after.prefix(rightRoom))
        if right.count < after.count, let space = right.lastIndex(where: \.isWhitespace) {
            right = right[..<space]
        }
        let leftMark = left.count < before.count ? ellipsis : ""
        let rightMark = right.count < after.count ? ellipsis : ""
        return leftMark + left + matched + right + rightMark
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isClosingCurlyQuote(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x9D
    }

    /// Spaces and list or Markdown markers before the sentence's text.
    private static func isLeadingJunk(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ">")
    }
}
