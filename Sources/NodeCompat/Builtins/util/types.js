// `util.types`: what a value is by its internal slots, as Node's checks answer, not by `instanceof` — so a Date,
// Map or Promise made in a `vm` context (another realm, with its own constructors) is still one. Each check calls
// an intrinsic that only accepts its own kind and throws for anything else. util.inspect uses these too.
(function (internals) {
  'use strict';
  const toString = (v) => Object.prototype.toString.call(v);
  const isObject = (v) => v !== null && typeof v === 'object';
  const getter = (prototype, name) => Object.getOwnPropertyDescriptor(prototype, name).get;
  // True when `probe(v)` does not throw: the intrinsic found the slot it needs.
  const brand = (probe) => (v) => {
    if (!isObject(v)) return false;
    try { probe(v); return true; } catch { return false; }
  };
  const typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
  const typedArrayKind = (v) => (isObject(v) ? typedArrayTag.call(v) : undefined);
  const tag = (name) => (v) => isObject(v) && toString(v) === `[object ${name}]`;
  const nativeCode = (fn) => { try { return /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn)); } catch { return false; } };

  const mapSize = getter(Map.prototype, 'size'), setSize = getter(Set.prototype, 'size');
  const arrayBufferLength = getter(ArrayBuffer.prototype, 'byteLength');
  const sharedLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;
  const dataViewLength = getter(DataView.prototype, 'byteLength');
  const regExpSource = getter(RegExp.prototype, 'source');

  const types = {
    // No intrinsic tells a promise without subscribing to it; a native `then` under Promise's own tag does.
    isPromise: (v) => {
      if (v instanceof Promise) return true;
      if (!isObject(v)) return false;
      const proto = Object.getPrototypeOf(v);
      return proto !== null && Object.prototype.hasOwnProperty.call(proto, Symbol.toStringTag) && proto[Symbol.toStringTag] === 'Promise'
        && !Object.prototype.hasOwnProperty.call(v, Symbol.toStringTag) && nativeCode(proto.then);
    },
    isDate: brand((v) => Date.prototype.getTime.call(v)),
    isRegExp: brand((v) => regExpSource.call(v)),
    isMap: brand((v) => mapSize.call(v)),
    isSet: brand((v) => setSize.call(v)),
    isWeakMap: brand((v) => WeakMap.prototype.has.call(v, {})),
    isWeakSet: brand((v) => WeakSet.prototype.has.call(v, {})),
    isMapIterator: tag('Map Iterator'),
    isSetIterator: tag('Set Iterator'),
    isArrayBuffer: brand((v) => arrayBufferLength.call(v)),
    isSharedArrayBuffer: (v) => sharedLength !== null && brand((x) => sharedLength.call(x))(v),
    isAnyArrayBuffer: (v) => types.isArrayBuffer(v) || types.isSharedArrayBuffer(v),
    isArrayBufferView: (v) => ArrayBuffer.isView(v),
    isDataView: brand((v) => dataViewLength.call(v)),
    isTypedArray: (v) => typedArrayKind(v) !== undefined,
    isUint8Array: (v) => typedArrayKind(v) === 'Uint8Array',
    isUint8ClampedArray: (v) => typedArrayKind(v) === 'Uint8ClampedArray',
    isUint16Array: (v) => typedArrayKind(v) === 'Uint16Array',
    isUint32Array: (v) => typedArrayKind(v) === 'Uint32Array',
    isInt8Array: (v) => typedArrayKind(v) === 'Int8Array',
    isInt16Array: (v) => typedArrayKind(v) === 'Int16Array',
    isInt32Array: (v) => typedArrayKind(v) === 'Int32Array',
    isFloat32Array: (v) => typedArrayKind(v) === 'Float32Array',
    isFloat64Array: (v) => typedArrayKind(v) === 'Float64Array',
    isBigInt64Array: (v) => typedArrayKind(v) === 'BigInt64Array',
    isBigUint64Array: (v) => typedArrayKind(v) === 'BigUint64Array',
    isAsyncFunction: (v) => typeof v === 'function' && /^\[object (AsyncFunction|AsyncGeneratorFunction)\]$/.test(toString(v)),
    isGeneratorFunction: (v) => typeof v === 'function' && /^\[object (Async)?GeneratorFunction\]$/.test(toString(v)),
    isGeneratorObject: tag('Generator'),
    // An error of any realm: Error's tag without a tag of the object's own making.
    isNativeError: (v) => v instanceof Error || (isObject(v) && toString(v) === '[object Error]' && !(Symbol.toStringTag in v)),
    isNumberObject: brand((v) => Number.prototype.valueOf.call(v)),
    isStringObject: brand((v) => String.prototype.valueOf.call(v)),
    isBooleanObject: brand((v) => Boolean.prototype.valueOf.call(v)),
    isSymbolObject: brand((v) => Symbol.prototype.valueOf.call(v)),
    isBigIntObject: brand((v) => BigInt.prototype.valueOf.call(v)),
    isBoxedPrimitive: (v) => types.isNumberObject(v) || types.isStringObject(v) || types.isBooleanObject(v) || types.isSymbolObject(v) || types.isBigIntObject(v),
    isArgumentsObject: tag('Arguments'),
    isWeakRef: typeof WeakRef === 'function' ? brand((v) => WeakRef.prototype.deref.call(v)) : () => false,
    isProxy: () => false,
    isExternal: () => false,
    isModuleNamespaceObject: tag('Module'),
    isKeyObject: (v) => Boolean(internals.isKeyObject && internals.isKeyObject(v)),
    isCryptoKey: (v) => Boolean(internals.isCryptoKey && internals.isCryptoKey(v)),
  };
  internals.types = types;
})
