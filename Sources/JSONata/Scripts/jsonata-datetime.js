// Integers and timestamps by picture string (XPath F&O 3.1 §4.6.1, §9.8): $formatInteger/$parseInteger
// (decimal digit families, grouping, ordinals, letters, roman numerals, English words) and
// $fromMillis/$toMillis/$now (date/time pictures, time zones as UTC offsets). Times are UTC.
(function (J) {
    'use strict';

    const few = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve',
        'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen'];
    const ordinals = ['Zeroth', 'First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth',
        'Eleventh', 'Twelfth', 'Thirteenth', 'Fourteenth', 'Fifteenth', 'Sixteenth', 'Seventeenth', 'Eighteenth', 'Nineteenth'];
    const decades = ['Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety', 'Hundred'];
    const magnitudes = ['Thousand', 'Million', 'Billion', 'Trillion'];

    function numberToWords(value, ordinal) {
        const words = (num, previous, ord) => {
            if (num <= 19) return (previous ? ' and ' : '') + (ord ? ordinals[num] : few[num]);
            if (num < 100) {
                const tens = Math.floor(num / 10);
                const remainder = num % 10;
                let text = (previous ? ' and ' : '') + decades[tens - 2];
                if (remainder > 0) text += '-' + words(remainder, false, ord);
                else if (ord) text = text.substring(0, text.length - 1) + 'ieth';
                return text;
            }
            if (num < 1000) {
                const hundreds = Math.floor(num / 100);
                const remainder = num % 100;
                let text = (previous ? ', ' : '') + few[hundreds] + ' Hundred';
                if (remainder > 0) text += words(remainder, true, ord);
                else if (ord) text += 'th';
                return text;
            }
            let magnitude = Math.floor(Math.log10(num) / 3);
            if (magnitude > magnitudes.length) magnitude = magnitudes.length;
            const factor = Math.pow(10, magnitude * 3);
            const mantissa = Math.floor(num / factor);
            const remainder = num - mantissa * factor;
            let text = (previous ? ', ' : '') + words(mantissa, false, false) + ' ' + magnitudes[magnitude - 1];
            if (remainder > 0) text += words(remainder, true, ord);
            else if (ord) text += 'th';
            return text;
        };
        return words(value, false, ordinal);
    }

    const wordValues = {};
    few.forEach((word, index) => { wordValues[word.toLowerCase()] = index; });
    ordinals.forEach((word, index) => { wordValues[word.toLowerCase()] = index; });
    decades.forEach((word, index) => {
        const lower = word.toLowerCase();
        wordValues[lower] = (index + 2) * 10;
        wordValues[lower.substring(0, word.length - 1) + 'ieth'] = wordValues[lower];
    });
    wordValues.hundredth = 100;
    magnitudes.forEach((word, index) => {
        const lower = word.toLowerCase();
        const value = Math.pow(10, (index + 1) * 3);
        wordValues[lower] = value;
        wordValues[lower + 'th'] = value;
    });

    function wordsToNumber(text) {
        const values = text.split(/,\s|\sand\s|[\s\\-]/).map((part) => wordValues[part]);
        const segments = [0];
        values.forEach((value) => {
            if (value < 100) {
                let top = segments.pop();
                if (top >= 1000) {
                    segments.push(top);
                    top = 0;
                }
                segments.push(top + value);
            } else {
                segments.push(segments.pop() * value);
            }
        });
        return segments.reduce((a, b) => a + b, 0);
    }

    const romanNumerals = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'],
        [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    const romanValues = { M: 1000, D: 500, C: 100, L: 50, X: 10, V: 5, I: 1 };

    function decimalToRoman(value) {
        let text = '';
        for (let index = 0; index < romanNumerals.length;) {
            const numeral = romanNumerals[index];
            if (value >= numeral[0]) {
                text += numeral[1];
                value -= numeral[0];
            } else {
                index++;
            }
        }
        return text;
    }
    function romanToDecimal(roman) {
        let decimal = 0;
        let max = 1;
        for (let i = roman.length - 1; i >= 0; i--) {
            const value = romanValues[roman[i]];
            if (value < max) {
                decimal -= value;
            } else {
                max = value;
                decimal += value;
            }
        }
        return decimal;
    }
    function decimalToLetters(value, aChar) {
        const letters = [];
        const aCode = aChar.charCodeAt(0);
        while (value > 0) {
            letters.unshift(String.fromCharCode((value - 1) % 26 + aCode));
            value = Math.floor((value - 1) / 26);
        }
        return letters.join('');
    }
    function lettersToDecimal(letters, aChar) {
        const aCode = aChar.charCodeAt(0);
        let decimal = 0;
        for (let i = 0; i < letters.length; i++) {
            decimal += (letters.charCodeAt(letters.length - i - 1) - aCode + 1) * Math.pow(26, i);
        }
        return decimal;
    }

    const formats = { DECIMAL: 'decimal', LETTERS: 'letters', ROMAN: 'roman', WORDS: 'words', SEQUENCE: 'sequence' };
    const letterCase = { UPPER: 'upper', LOWER: 'lower', TITLE: 'title' };

    // The zero of each Unicode decimal digit family.
    const decimalGroups = [0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
        0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10];

    function regularSeparator(separators) {
        if (separators.length === 0) return 0;
        const character = separators[0].character;
        for (let i = 1; i < separators.length; i++) if (separators[i].character !== character) return 0;
        const positions = separators.map((separator) => separator.position);
        const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
        const factor = positions.reduce(gcd);
        for (let index = 1; index <= positions.length; index++) if (positions.indexOf(index * factor) === -1) return 0;
        return { position: factor, character };
    }

    function analyseIntegerPicture(picture) {
        const format = { type: 'integer', primary: formats.DECIMAL, case: letterCase.LOWER, ordinal: false };
        let primary;
        const semicolon = picture.lastIndexOf(';');
        if (semicolon === -1) {
            primary = picture;
        } else {
            primary = picture.substring(0, semicolon);
            if (picture.charAt(semicolon + 1) === 'o') format.ordinal = true;
        }
        switch (primary) {
            case 'A': format.case = letterCase.UPPER; format.primary = formats.LETTERS; break;
            case 'a': format.primary = formats.LETTERS; break;
            case 'I': format.case = letterCase.UPPER; format.primary = formats.ROMAN; break;
            case 'i': format.primary = formats.ROMAN; break;
            case 'W': format.case = letterCase.UPPER; format.primary = formats.WORDS; break;
            case 'Ww': format.case = letterCase.TITLE; format.primary = formats.WORDS; break;
            case 'w': format.primary = formats.WORDS; break;
            default: {
                let zeroCode = null;
                let mandatoryDigits = 0;
                let optionalDigits = 0;
                const groupingSeparators = [];
                let separatorPosition = 0;
                Array.from(primary, (c) => c.codePointAt(0)).reverse().forEach((codePoint) => {
                    let digit = false;
                    for (let i = 0; i < decimalGroups.length; i++) {
                        const group = decimalGroups[i];
                        if (codePoint >= group && codePoint <= group + 9) {
                            digit = true;
                            mandatoryDigits++;
                            separatorPosition++;
                            if (zeroCode === null) zeroCode = group;
                            else if (group !== zeroCode) throw { code: 'D3131' };
                            break;
                        }
                    }
                    if (!digit) {
                        if (codePoint === 0x23) {
                            separatorPosition++;
                            optionalDigits++;
                        } else {
                            groupingSeparators.push({ position: separatorPosition, character: String.fromCodePoint(codePoint) });
                        }
                    }
                });
                if (mandatoryDigits > 0) {
                    format.primary = formats.DECIMAL;
                    format.zeroCode = zeroCode;
                    format.mandatoryDigits = mandatoryDigits;
                    format.optionalDigits = optionalDigits;
                    const regular = regularSeparator(groupingSeparators);
                    if (regular) {
                        format.regular = true;
                        format.groupingSeparators = regular;
                    } else {
                        format.regular = false;
                        format.groupingSeparators = groupingSeparators;
                    }
                } else {
                    format.primary = formats.SEQUENCE;
                    format.token = primary;
                }
            }
        }
        return format;
    }

    function formatIntegerWith(value, format) {
        let text;
        const negative = value < 0;
        value = Math.abs(value);
        switch (format.primary) {
            case formats.LETTERS:
                text = decimalToLetters(value, format.case === letterCase.UPPER ? 'A' : 'a');
                break;
            case formats.ROMAN:
                text = decimalToRoman(value);
                if (format.case === letterCase.UPPER) text = text.toUpperCase();
                break;
            case formats.WORDS:
                text = numberToWords(value, format.ordinal);
                if (format.case === letterCase.UPPER) text = text.toUpperCase();
                else if (format.case === letterCase.LOWER) text = text.toLowerCase();
                break;
            case formats.DECIMAL: {
                text = '' + value;
                const padLength = format.mandatoryDigits - text.length;
                if (padLength > 0) text = new Array(padLength + 1).join('0') + text;
                if (format.zeroCode !== 0x30) {
                    text = Array.from(text).map((c) => String.fromCodePoint(c.codePointAt(0) + format.zeroCode - 0x30)).join('');
                }
                if (format.regular) {
                    const n = Math.floor((text.length - 1) / format.groupingSeparators.position);
                    for (let i = n; i > 0; i--) {
                        const at = text.length - i * format.groupingSeparators.position;
                        text = text.substr(0, at) + format.groupingSeparators.character + text.substr(at);
                    }
                } else {
                    format.groupingSeparators.slice().reverse().forEach((separator) => {
                        const at = text.length - separator.position;
                        text = text.substr(0, at) + separator.character + text.substr(at);
                    });
                }
                if (format.ordinal) {
                    const suffixes = { 1: 'st', 2: 'nd', 3: 'rd' };
                    let suffix = suffixes[text[text.length - 1]];
                    if (!suffix || (text.length > 1 && text[text.length - 2] === '1')) suffix = 'th';
                    text += suffix;
                }
                break;
            }
            case formats.SEQUENCE:
                throw { code: 'D3130', value: format.token };
        }
        return negative ? '-' + text : text;
    }

    function formatInteger(value, picture) {
        if (typeof value === 'undefined') return undefined;
        return formatIntegerWith(Math.floor(value), analyseIntegerPicture(picture));
    }

    const defaultPresentation = { Y: '1', M: '1', D: '1', d: '1', F: 'n', W: '1', w: '1', X: '1', x: '1', H: '1', h: '1', P: 'n',
        m: '01', s: '01', f: '1', Z: '01:01', z: '01:01', C: 'n', E: 'n' };

    function analyseDateTimePicture(picture) {
        const parts = [];
        const addLiteral = (start, end) => {
            if (end > start) parts.push({ type: 'literal', value: picture.substring(start, end).split(']]').join(']') });
        };
        let start = 0;
        let position = 0;
        while (position < picture.length) {
            if (picture.charAt(position) === '[') {
                if (picture.charAt(position + 1) === '[') {
                    addLiteral(start, position);
                    parts.push({ type: 'literal', value: '[' });
                    position += 2;
                    start = position;
                    continue;
                }
                addLiteral(start, position);
                start = position;
                position = picture.indexOf(']', start);
                if (position === -1) throw { code: 'D3135' };
                const marker = picture.substring(start + 1, position).split(/\s+/).join('');
                const def = { type: 'marker', component: marker.charAt(0) };
                const comma = marker.lastIndexOf(',');
                let presentation;
                if (comma !== -1) {
                    const widthModifier = marker.substring(comma + 1);
                    const dash = widthModifier.indexOf('-');
                    let min;
                    let max;
                    const width = (w) => (typeof w === 'undefined' || w === '*' ? undefined : parseInt(w));
                    if (dash === -1) {
                        min = widthModifier;
                    } else {
                        min = widthModifier.substring(0, dash);
                        max = widthModifier.substring(dash + 1);
                    }
                    def.width = { min: width(min), max: width(max) };
                    presentation = marker.substring(1, comma);
                } else {
                    presentation = marker.substring(1);
                }
                if (presentation.length === 1) {
                    def.presentation1 = presentation;
                } else if (presentation.length > 1) {
                    const last = presentation.charAt(presentation.length - 1);
                    if ('atco'.indexOf(last) !== -1) {
                        def.presentation2 = last;
                        if (last === 'o') def.ordinal = true;
                        def.presentation1 = presentation.substring(0, presentation.length - 1);
                    } else {
                        def.presentation1 = presentation;
                    }
                } else {
                    def.presentation1 = defaultPresentation[def.component];
                }
                if (typeof def.presentation1 === 'undefined') throw { code: 'D3132', value: def.component };
                if (def.presentation1[0] === 'n') {
                    def.names = letterCase.LOWER;
                } else if (def.presentation1[0] === 'N') {
                    def.names = def.presentation1[1] === 'n' ? letterCase.TITLE : letterCase.UPPER;
                } else if ('YMDdFWwXxHhmsf'.indexOf(def.component) !== -1) {
                    let integerPattern = def.presentation1;
                    if (def.presentation2) integerPattern += ';' + def.presentation2;
                    def.integerFormat = analyseIntegerPicture(integerPattern);
                    if (def.width && def.width.min !== undefined && def.integerFormat.mandatoryDigits < def.width.min) {
                        def.integerFormat.mandatoryDigits = def.width.min;
                    }
                    if ('YMD'.indexOf(def.component) !== -1) {
                        def.n = -1;
                        if (def.width && def.width.max !== undefined) {
                            def.n = def.width.max;
                            def.integerFormat.mandatoryDigits = def.n;
                        } else {
                            const w = def.integerFormat.mandatoryDigits + def.integerFormat.optionalDigits;
                            if (w >= 2) def.n = w;
                        }
                    }
                }
                if (def.component === 'Z' || def.component === 'z') def.integerFormat = analyseIntegerPicture(def.presentation1);
                parts.push(def);
                start = position + 1;
            }
            position++;
        }
        addLiteral(start, position);
        return { type: 'datetime', parts };
    }

    const days = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
        'November', 'December'];
    const millisInADay = 1000 * 60 * 60 * 24;

    // ISO 8601's first week of a year (or, by XPath's extension, a month) is the one holding its first Thursday.
    function startOfFirstWeek(ym) {
        const first = Date.UTC(ym.year, ym.month);
        let day = new Date(first).getUTCDay();
        if (day === 0) day = 7;
        return day > 4 ? first + (8 - day) * millisInADay : first - (day - 1) * millisInADay;
    }
    function yearMonth(year, month) {
        return {
            year,
            month,
            nextMonth: () => (month === 11 ? yearMonth(year + 1, 0) : yearMonth(year, month + 1)),
            previousMonth: () => (month === 0 ? yearMonth(year - 1, 11) : yearMonth(year, month - 1)),
            nextYear: () => yearMonth(year + 1, month),
            previousYear: () => yearMonth(year - 1, month),
        };
    }
    const deltaWeeks = (start, end) => (end - start) / (millisInADay * 7) + 1;

    // The week of `date` in `period` (a year or a month): past its last whole week it may be the first week of
    // `next`; before its first week it is a week of `previous`.
    function weekOf(date, period, lastWeek, next, previous) {
        const today = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
        let week = deltaWeeks(startOfFirstWeek(period), today);
        if (week > lastWeek) {
            if (today >= startOfFirstWeek(next)) week = 1;
        } else if (week < 1) {
            week = deltaWeeks(startOfFirstWeek(previous), today);
        }
        return Math.floor(week);
    }

    function dateTimeFragment(date, component) {
        switch (component) {
            case 'Y': return date.getUTCFullYear();
            case 'M': return date.getUTCMonth() + 1;
            case 'D': return date.getUTCDate();
            case 'd': {
                const today = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
                return (today - Date.UTC(date.getUTCFullYear(), 0)) / millisInADay + 1;
            }
            case 'F': {
                const day = date.getUTCDay();
                return day === 0 ? 7 : day;
            }
            case 'W': {
                const thisYear = yearMonth(date.getUTCFullYear(), 0);
                return weekOf(date, thisYear, 52, thisYear.nextYear(), thisYear.previousYear());
            }
            case 'w': {
                const thisMonth = yearMonth(date.getUTCFullYear(), date.getUTCMonth());
                return weekOf(date, thisMonth, 4, thisMonth.nextMonth(), thisMonth.previousMonth());
            }
            case 'X': {
                const thisYear = yearMonth(date.getUTCFullYear(), 0);
                const now = date.getTime();
                if (now < startOfFirstWeek(thisYear)) return thisYear.year - 1;
                if (now >= startOfFirstWeek(thisYear.nextYear())) return thisYear.year + 1;
                return thisYear.year;
            }
            case 'x': {
                const thisMonth = yearMonth(date.getUTCFullYear(), date.getUTCMonth());
                const next = thisMonth.nextMonth();
                const now = date.getTime();
                if (now < startOfFirstWeek(thisMonth)) return thisMonth.previousMonth().month + 1;
                if (now >= startOfFirstWeek(next)) return next.month + 1;
                return thisMonth.month + 1;
            }
            case 'H': return date.getUTCHours();
            case 'h': {
                const hour = date.getUTCHours() % 12;
                return hour === 0 ? 12 : hour;
            }
            case 'P': return date.getUTCHours() >= 12 ? 'pm' : 'am';
            case 'm': return date.getUTCMinutes();
            case 's': return date.getUTCSeconds();
            case 'f': return date.getUTCMilliseconds();
            case 'C': return 'ISO';
            case 'E': return 'ISO';
        }
        return undefined;
    }

    let iso8601Picture = null;

    function formatDateTime(millis, picture, timezone) {
        let offsetHours = 0;
        let offsetMinutes = 0;
        if (typeof timezone !== 'undefined') {
            const offset = parseInt(timezone);
            offsetHours = Math.floor(offset / 100);
            offsetMinutes = offset % 100;
        }
        const formatComponent = (date, marker) => {
            let value = dateTimeFragment(date, marker.component);
            if ('YMDdFWwXxHhms'.indexOf(marker.component) !== -1) {
                if (marker.component === 'Y' && marker.n !== -1) value = value % Math.pow(10, marker.n);
                if (marker.names) {
                    if (marker.component === 'M' || marker.component === 'x') value = months[value - 1];
                    else if (marker.component === 'F') value = days[value];
                    else throw { code: 'D3133', value: marker.component };
                    if (marker.names === letterCase.UPPER) value = value.toUpperCase();
                    else if (marker.names === letterCase.LOWER) value = value.toLowerCase();
                    if (marker.width && value.length > marker.width.max) value = value.substring(0, marker.width.max);
                } else {
                    value = formatIntegerWith(value, marker.integerFormat);
                }
            } else if (marker.component === 'f') {
                value = formatIntegerWith(value, marker.integerFormat);
            } else if (marker.component === 'Z' || marker.component === 'z') {
                const offset = offsetHours * 100 + offsetMinutes;
                if (marker.integerFormat.regular) {
                    value = formatIntegerWith(offset, marker.integerFormat);
                } else {
                    const digits = marker.integerFormat.mandatoryDigits;
                    if (digits === 1 || digits === 2) {
                        value = formatIntegerWith(offsetHours, marker.integerFormat);
                        if (offsetMinutes !== 0) value += ':' + formatInteger(offsetMinutes, '00');
                    } else if (digits === 3 || digits === 4) {
                        value = formatIntegerWith(offset, marker.integerFormat);
                    } else {
                        throw { code: 'D3134', value: digits };
                    }
                }
                if (offset >= 0) value = '+' + value;
                if (marker.component === 'z') value = 'GMT' + value;
                if (offset === 0 && marker.presentation2 === 't') value = 'Z';
            } else if (marker.component === 'P') {
                if (marker.names === letterCase.UPPER) value = value.toUpperCase();
            }
            return value;
        };
        let spec;
        if (typeof picture === 'undefined') {
            if (iso8601Picture === null) iso8601Picture = analyseDateTimePicture('[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]');
            spec = iso8601Picture;
        } else {
            spec = analyseDateTimePicture(picture);
        }
        const date = new Date(millis + (offsetHours * 60 + offsetMinutes) * 60 * 1000);
        let result = '';
        spec.parts.forEach((part) => {
            result += part.type === 'literal' ? part.value : formatComponent(date, part);
        });
        return result;
    }

    function matcherFor(spec) {
        if (spec.type === 'datetime') {
            return {
                type: 'datetime',
                parts: spec.parts.map((part) => {
                    let res = {};
                    if (part.type === 'literal') {
                        res.regex = part.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
                    } else if (part.component === 'Z' || part.component === 'z') {
                        const separator = Array.isArray(part.integerFormat.groupingSeparators) ? undefined
                            : part.integerFormat.groupingSeparators;
                        res.regex = (part.component === 'z' ? 'GMT' : '') + '[-+][0-9]+';
                        if (separator) res.regex += separator.character + '[0-9]+';
                        res.parse = (value) => {
                            if (part.component === 'z') value = value.substring(3);
                            let hours = 0;
                            let minutes = 0;
                            if (separator) {
                                hours = Number.parseInt(value.substring(0, value.indexOf(separator.character)));
                                minutes = Number.parseInt(value.substring(value.indexOf(separator.character) + 1));
                            } else if (value.length - 1 <= 2) {
                                hours = Number.parseInt(value);
                            } else {
                                hours = Number.parseInt(value.substring(0, 3));
                                minutes = Number.parseInt(value.substring(3));
                            }
                            return hours * 60 + minutes;
                        };
                    } else if (part.integerFormat) {
                        res = matcherFor(part.integerFormat);
                    } else {
                        res.regex = '[a-zA-Z]+';
                        let names = {};
                        if (part.component === 'M' || part.component === 'x') {
                            months.forEach((name, index) => {
                                names[part.width && part.width.max ? name.substring(0, part.width.max) : name] = index + 1;
                            });
                        } else if (part.component === 'F') {
                            days.forEach((name, index) => {
                                if (index > 0) names[part.width && part.width.max ? name.substring(0, part.width.max) : name] = index;
                            });
                        } else if (part.component === 'P') {
                            names = { am: 0, AM: 0, pm: 1, PM: 1 };
                        } else {
                            throw { code: 'D3133', value: part.component };
                        }
                        res.parse = (value) => names[value];
                    }
                    res.component = part.component;
                    return res;
                }),
            };
        }
        const matcher = { type: 'integer' };
        const upper = spec.case === letterCase.UPPER;
        switch (spec.primary) {
            case formats.LETTERS:
                matcher.regex = upper ? '[A-Z]+' : '[a-z]+';
                matcher.parse = (value) => lettersToDecimal(value, upper ? 'A' : 'a');
                break;
            case formats.ROMAN:
                matcher.regex = upper ? '[MDCLXVI]+' : '[mdclxvi]+';
                matcher.parse = (value) => romanToDecimal(upper ? value : value.toUpperCase());
                break;
            case formats.WORDS:
                matcher.regex = '(?:' + Object.keys(wordValues).concat('and', '[\\-, ]').join('|') + ')+';
                matcher.parse = (value) => wordsToNumber(value.toLowerCase());
                break;
            case formats.DECIMAL:
                // At least the mandatory digits, so that adjacent fields without a separator (`[Y0001][M01]`) split.
                matcher.regex = '[0-9]{' + Math.max(spec.mandatoryDigits, 1) + ',}';
                if (spec.ordinal) matcher.regex += '(?:th|st|nd|rd)';
                matcher.parse = (value) => {
                    let digits = value;
                    if (spec.ordinal) digits = value.substring(0, value.length - 2);
                    if (spec.regular) {
                        digits = digits.split(',').join('');
                    } else {
                        spec.groupingSeparators.forEach((separator) => { digits = digits.split(separator.character).join(''); });
                    }
                    if (spec.zeroCode !== 0x30) {
                        digits = digits.split('').map((c) => String.fromCodePoint(c.codePointAt(0) - spec.zeroCode + 0x30)).join('');
                    }
                    return parseInt(digits);
                };
                break;
            case formats.SEQUENCE:
                throw { code: 'D3130', value: spec.token };
        }
        return matcher;
    }

    function parseInteger(value, picture) {
        if (typeof value === 'undefined') return undefined;
        return matcherFor(analyseIntegerPicture(picture)).parse(value);
    }

    function parseDateTime(timestamp, picture, now) {
        const matcher = matcherFor(analyseDateTimePicture(picture));
        const full = new RegExp('^' + matcher.parts.map((part) => '(' + part.regex + ')').join('') + '$', 'i');
        const info = full.exec(timestamp);
        if (info === null) return undefined;
        // Which components were given decides the date form (Y-M-D, Y-d, …) and the time form (H or P+h); the
        // most significant missing ones come from now, the least significant are zero, and a gap is an error.
        const dmA = 161, dmB = 130, dmC = 84, dmD = 72, tmA = 23, tmB = 47;
        const components = {};
        for (let i = 1; i < info.length; i++) {
            const part = matcher.parts[i - 1];
            if (part.parse) components[part.component] = part.parse(info[i]);
        }
        if (Object.getOwnPropertyNames(components).length === 0) return undefined;
        let mask = 0;
        const shift = (bit) => {
            mask <<= 1;
            mask += bit ? 1 : 0;
        };
        const isType = (type) => !(~type & mask) && !!(type & mask);
        'YXMxWwdD'.split('').forEach((part) => shift(components[part]));
        const dateA = isType(dmA);
        const dateB = !dateA && isType(dmB);
        const dateC = isType(dmC);
        const dateD = !dateC && isType(dmD);
        mask = 0;
        'PHhmsf'.split('').forEach((part) => shift(components[part]));
        const timeA = isType(tmA);
        const timeB = !timeA && isType(tmB);
        const dateComponents = dateB ? 'YD' : dateC ? 'XxwF' : dateD ? 'XWF' : 'YMD';
        const timeComponents = timeB ? 'Phmsf' : 'Hmsf';
        let startSpecified = false;
        let endSpecified = false;
        (dateComponents + timeComponents).split('').forEach((part) => {
            if (typeof components[part] === 'undefined') {
                if (startSpecified) {
                    components[part] = 'MDd'.indexOf(part) !== -1 ? 1 : 0;
                    endSpecified = true;
                } else {
                    components[part] = dateTimeFragment(now, part);
                }
            } else {
                startSpecified = true;
                if (endSpecified) throw { code: 'D3136' };
            }
        });
        if (components.M > 0) components.M -= 1;
        else components.M = 0;
        if (dateB) {
            const derived = new Date(Date.UTC(components.Y, 0) + (components.d - 1) * millisInADay);
            components.M = derived.getUTCMonth();
            components.D = derived.getUTCDate();
        }
        if (dateC || dateD) throw { code: 'D3136' };
        if (timeB) {
            components.H = components.h === 12 ? 0 : components.h;
            if (components.P === 1) components.H += 12;
        }
        let millis = Date.UTC(components.Y, components.M, components.D, components.H, components.m, components.s, components.f);
        if (components.Z || components.z) millis -= (components.Z || components.z) * 60 * 1000;
        return millis;
    }

    const iso8601 = /^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$/;

    J.fn.formatInteger = formatInteger;
    J.fn.parseInteger = parseInteger;
    J.fn.fromMillis = function (millis, picture, timezone) {
        if (typeof millis === 'undefined') return undefined;
        return formatDateTime(millis, picture, timezone);
    };
    J.fn.toMillis = function (timestamp, picture) {
        if (typeof timestamp === 'undefined') return undefined;
        if (typeof picture === 'undefined') {
            if (!iso8601.test(timestamp)) throw { code: 'D3110', value: timestamp };
            return parseISO(timestamp);
        }
        return parseDateTime(timestamp, picture, new Date(this.environment.lookup('__timestamp') || Date.now()));
    };

    // Date.parse reads a date-time without an offset as local time; JSONata's hosts run in UTC, so jshost
    // reads it as UTC wherever it runs.
    function parseISO(timestamp) {
        let text = timestamp;
        if (/T/.test(text) && !/(Z|[+-]\d\d:?\d\d)$/.test(text)) text += 'Z';
        const zone = /([+-])(\d\d)(\d\d)$/.exec(text);
        if (zone && /T/.test(text)) text = text.substring(0, text.length - 5) + zone[1] + zone[2] + ':' + zone[3];
        return Date.parse(text);
    }

    J.formatDateTime = formatDateTime;
})(globalThis.__jsonata || (globalThis.__jsonata = {}));
