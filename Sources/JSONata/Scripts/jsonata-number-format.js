// $formatNumber by a decimal-format picture (XPath F&O 3.1 §4.7: sub-pictures, grouping, fractions, exponents,
// percent and per-mille, another digit family) and $formatBase.
(function (J) {
    'use strict';

    function formatNumber(value, picture, options) {
        if (typeof value === 'undefined') return undefined;
        const properties = {
            'decimal-separator': '.', 'grouping-separator': ',', 'exponent-separator': 'e', infinity: 'Infinity',
            'minus-sign': '-', NaN: 'NaN', percent: '%', 'per-mille': '\u2030', 'zero-digit': '0', digit: '#',
            'pattern-separator': ';',
        };
        if (typeof options !== 'undefined') Object.keys(options).forEach((key) => { properties[key] = options[key]; });
        const digitFamily = [];
        const zeroCode = properties['zero-digit'].charCodeAt(0);
        for (let i = zeroCode; i < zeroCode + 10; i++) digitFamily.push(String.fromCharCode(i));
        const activeChars = digitFamily.concat([properties['decimal-separator'], properties['exponent-separator'],
            properties['grouping-separator'], properties.digit, properties['pattern-separator']]);
        const isDigit = (c) => digitFamily.indexOf(c) !== -1;
        const subPictures = picture.split(properties['pattern-separator']);
        if (subPictures.length > 2) throw { code: 'D3080' };

        const splitParts = (subpicture) => {
            const isActive = (c) => activeChars.indexOf(c) !== -1 && c !== properties['exponent-separator'];
            let prefix;
            for (let i = 0; i < subpicture.length; i++) {
                if (isActive(subpicture.charAt(i))) {
                    prefix = subpicture.substring(0, i);
                    break;
                }
            }
            let suffix;
            for (let i = subpicture.length - 1; i >= 0; i--) {
                if (isActive(subpicture.charAt(i))) {
                    suffix = subpicture.substring(i + 1);
                    break;
                }
            }
            prefix = prefix === undefined ? '' : prefix;
            suffix = suffix === undefined ? '' : suffix;
            const activePart = subpicture.substring(prefix.length, subpicture.length - suffix.length);
            let mantissaPart;
            let exponentPart;
            const exponentPosition = subpicture.indexOf(properties['exponent-separator'], prefix.length);
            if (exponentPosition === -1 || exponentPosition > subpicture.length - suffix.length) {
                mantissaPart = activePart;
            } else {
                mantissaPart = activePart.substring(0, exponentPosition);
                exponentPart = activePart.substring(exponentPosition + 1);
            }
            let integerPart;
            let fractionalPart;
            const decimalPosition = mantissaPart.indexOf(properties['decimal-separator']);
            if (decimalPosition === -1) {
                integerPart = mantissaPart;
                fractionalPart = suffix;
            } else {
                integerPart = mantissaPart.substring(0, decimalPosition);
                fractionalPart = mantissaPart.substring(decimalPosition + 1);
            }
            return { prefix, suffix, activePart, mantissaPart, exponentPart, integerPart, fractionalPart, subpicture };
        };

        const validate = (parts) => {
            let error;
            const subpicture = parts.subpicture;
            const decimalPosition = subpicture.indexOf(properties['decimal-separator']);
            const grouping = properties['grouping-separator'];
            if (decimalPosition !== subpicture.lastIndexOf(properties['decimal-separator'])) error = 'D3081';
            if (subpicture.indexOf(properties.percent) !== subpicture.lastIndexOf(properties.percent)) error = 'D3082';
            if (subpicture.indexOf(properties['per-mille']) !== subpicture.lastIndexOf(properties['per-mille'])) error = 'D3083';
            if (subpicture.indexOf(properties.percent) !== -1 && subpicture.indexOf(properties['per-mille']) !== -1) error = 'D3084';
            let valid = false;
            for (let i = 0; i < parts.mantissaPart.length; i++) {
                const c = parts.mantissaPart.charAt(i);
                if (isDigit(c) || c === properties.digit) {
                    valid = true;
                    break;
                }
            }
            if (!valid) error = 'D3085';
            const types = parts.activePart.split('').map((c) => (activeChars.indexOf(c) === -1 ? 'p' : 'a')).join('');
            if (types.indexOf('p') !== -1) error = 'D3086';
            if (decimalPosition !== -1) {
                if (subpicture.charAt(decimalPosition - 1) === grouping || subpicture.charAt(decimalPosition + 1) === grouping) error = 'D3087';
            } else if (parts.integerPart.charAt(parts.integerPart.length - 1) === grouping) {
                error = 'D3088';
            }
            if (subpicture.indexOf(grouping + grouping) !== -1) error = 'D3089';
            let optional = parts.integerPart.indexOf(properties.digit);
            if (optional !== -1 && parts.integerPart.substring(0, optional).split('').filter(isDigit).length > 0) error = 'D3090';
            optional = parts.fractionalPart.lastIndexOf(properties.digit);
            if (optional !== -1 && parts.fractionalPart.substring(optional).split('').filter(isDigit).length > 0) error = 'D3091';
            const exponentExists = typeof parts.exponentPart === 'string';
            if (exponentExists && parts.exponentPart.length > 0 &&
                (subpicture.indexOf(properties.percent) !== -1 || subpicture.indexOf(properties['per-mille']) !== -1)) error = 'D3092';
            if (exponentExists && (parts.exponentPart.length === 0 ||
                parts.exponentPart.split('').filter((c) => !isDigit(c)).length > 0)) error = 'D3093';
            if (error) throw { code: error };
        };

        const analyse = (parts) => {
            const groupingPositions = (part, toLeft) => {
                const positions = [];
                let at = part.indexOf(properties['grouping-separator']);
                while (at !== -1) {
                    const counted = (toLeft ? part.substring(0, at) : part.substring(at)).split('')
                        .filter((c) => isDigit(c) || c === properties.digit).length;
                    positions.push(counted);
                    at = parts.integerPart.indexOf(properties['grouping-separator'], at + 1);
                }
                return positions;
            };
            const integerPartGroupingPositions = groupingPositions(parts.integerPart);
            const regular = (indexes) => {
                if (indexes.length === 0) return 0;
                const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
                const factor = indexes.reduce(gcd);
                for (let index = 1; index <= indexes.length; index++) if (indexes.indexOf(index * factor) === -1) return 0;
                return factor;
            };
            const fractionalPartGroupingPositions = groupingPositions(parts.fractionalPart, true);
            let minimumIntegerPartSize = parts.integerPart.split('').filter(isDigit).length;
            const scalingFactor = minimumIntegerPartSize;
            const fractional = parts.fractionalPart.split('');
            let minimumFactionalPartSize = fractional.filter(isDigit).length;
            let maximumFactionalPartSize = fractional.filter((c) => isDigit(c) || c === properties.digit).length;
            const exponentPresent = typeof parts.exponentPart === 'string';
            if (minimumIntegerPartSize === 0 && maximumFactionalPartSize === 0) {
                if (exponentPresent) {
                    minimumFactionalPartSize = 1;
                    maximumFactionalPartSize = 1;
                } else {
                    minimumIntegerPartSize = 1;
                }
            }
            if (exponentPresent && minimumIntegerPartSize === 0 && parts.integerPart.indexOf(properties.digit) !== -1) {
                minimumIntegerPartSize = 1;
            }
            if (minimumIntegerPartSize === 0 && minimumFactionalPartSize === 0) minimumFactionalPartSize = 1;
            const minimumExponentSize = exponentPresent ? parts.exponentPart.split('').filter(isDigit).length : 0;
            return {
                integerPartGroupingPositions, regularGrouping: regular(integerPartGroupingPositions), minimumIntegerPartSize,
                scalingFactor, prefix: parts.prefix, fractionalPartGroupingPositions, minimumFactionalPartSize,
                maximumFactionalPartSize, minimumExponentSize, suffix: parts.suffix, picture: parts.subpicture,
            };
        };

        const parts = subPictures.map(splitParts);
        parts.forEach(validate);
        const variables = parts.map(analyse);
        const minusSign = properties['minus-sign'];
        const zeroDigit = properties['zero-digit'];
        const decimalSeparator = properties['decimal-separator'];
        const groupingSeparator = properties['grouping-separator'];
        if (variables.length === 1) {
            variables.push(JSON.parse(JSON.stringify(variables[0])));
            variables[1].prefix = minusSign + variables[1].prefix;
        }
        const pic = value >= 0 ? variables[0] : variables[1];
        let adjusted;
        if (pic.picture.indexOf(properties.percent) !== -1) adjusted = value * 100;
        else if (pic.picture.indexOf(properties['per-mille']) !== -1) adjusted = value * 1000;
        else adjusted = value;
        let mantissa;
        let exponent;
        if (pic.minimumExponentSize === 0) {
            mantissa = adjusted;
        } else {
            const maxMantissa = Math.pow(10, pic.scalingFactor);
            const minMantissa = Math.pow(10, pic.scalingFactor - 1);
            mantissa = adjusted;
            exponent = 0;
            while (mantissa < minMantissa) {
                mantissa *= 10;
                exponent -= 1;
            }
            while (mantissa > maxMantissa) {
                mantissa /= 10;
                exponent += 1;
            }
        }
        const rounded = J.fn.round(mantissa, pic.maximumFactionalPartSize);
        const makeString = (n, dp) => {
            let text = Math.abs(n).toFixed(dp);
            if (zeroDigit !== '0') {
                text = text.split('').map((d) => (d >= '0' && d <= '9' ? digitFamily[d.charCodeAt(0) - 48] : d)).join('');
            }
            return text;
        };
        let text = makeString(rounded, pic.maximumFactionalPartSize);
        let decimalPosition = text.indexOf('.');
        if (decimalPosition === -1) text = text + decimalSeparator;
        else text = text.replace('.', decimalSeparator);
        while (text.charAt(0) === zeroDigit) text = text.substring(1);
        while (text.charAt(text.length - 1) === zeroDigit) text = text.substring(0, text.length - 1);
        decimalPosition = text.indexOf(decimalSeparator);
        const padLeft = pic.minimumIntegerPartSize - decimalPosition;
        const padRight = pic.minimumFactionalPartSize - (text.length - decimalPosition - 1);
        text = (padLeft > 0 ? new Array(padLeft + 1).join(zeroDigit) : '') + text;
        text = text + (padRight > 0 ? new Array(padRight + 1).join(zeroDigit) : '');
        decimalPosition = text.indexOf(decimalSeparator);
        if (pic.regularGrouping > 0) {
            const groupCount = Math.floor((decimalPosition - 1) / pic.regularGrouping);
            for (let group = 1; group <= groupCount; group++) {
                const at = decimalPosition - group * pic.regularGrouping;
                text = text.slice(0, at) + groupingSeparator + text.slice(at);
            }
        } else {
            pic.integerPartGroupingPositions.forEach((position) => {
                text = text.slice(0, decimalPosition - position) + groupingSeparator + text.slice(decimalPosition - position);
                decimalPosition++;
            });
        }
        decimalPosition = text.indexOf(decimalSeparator);
        pic.fractionalPartGroupingPositions.forEach((position) => {
            const at = position + decimalPosition + 1;
            text = text.slice(0, at) + groupingSeparator + text.slice(at);
        });
        decimalPosition = text.indexOf(decimalSeparator);
        if (pic.fractionalPartGroupingPositions.length === 0 && decimalPosition === text.length - 1) {
            text = text.substring(0, text.length - 1);
        } else if (pic.maximumFactionalPartSize === 0 && decimalPosition === text.length - 1) {
            text = text.substring(0, text.length - 1);
        }
        if (typeof exponent !== 'undefined') {
            let exponentText = makeString(exponent, 0);
            const pad = pic.minimumExponentSize - exponentText.length;
            if (pad > 0) exponentText = new Array(pad + 1).join(zeroDigit) + exponentText;
            text = text + properties['exponent-separator'] + (exponent < 0 ? minusSign : '') + exponentText;
        }
        return pic.prefix + text + pic.suffix;
    }

    function formatBase(value, radix) {
        if (typeof value === 'undefined') return undefined;
        value = J.fn.round(value);
        radix = typeof radix === 'undefined' ? 10 : J.fn.round(radix);
        if (radix < 2 || radix > 36) throw { code: 'D3100', value: radix };
        return value.toString(radix);
    }

    J.fn.formatNumber = formatNumber;
    J.fn.formatBase = formatBase;
})(globalThis.__jsonata || (globalThis.__jsonata = {}));
