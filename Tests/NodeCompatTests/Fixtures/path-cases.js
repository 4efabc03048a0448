// path and path.win32 over paths with every edge Node's algorithms have, and matchesGlob; Node is the oracle.
const path = require('path');
const win32 = require('path/win32');
const out = (label, value) => console.log(label, JSON.stringify(value));
const common = ['', '.', '..', '/', '//', '///a', 'a/b/c', '/a/b/c/', 'a//b', './a', '../a', 'a/./b/../c', '/..', '/../a', '.a', '..a',
  'a.', 'a..', '.a.b', 'a.b.c', '/a/.b', '/a/b.', 'a/b/', 'foo/bar.tar.gz', '/x/y/.hidden.txt', '/..a', '/.', 'a/..', 'a/../..', '...', '/a/b/..'];
const windows = ['C:', 'C:\\', 'C:/', 'C:a', 'C:\\a\\b', 'c:/a/../b', '\\\\server\\share', '\\\\server\\share\\', '\\\\server\\share\\a\\b',
  '//server/share/a', '\\\\?\\C:\\a', '\\a\\b', 'a\\b\\..\\c', '\\\\server', '\\\\', 'C:\\..\\a', 'C:..\\a', 'file.txt', 'C:\\dir\\file.tar.gz',
  'D:\\x\\.y', 'C:\\fakepath\\photo.jpg', '\\\\server\\\\share\\x', 'C:\\a\\', 'C:\\a.', '\\', '/', 'C:\\.x', 'c:\\A\\B'];
for (const [name, p, inputs] of [['posix', path, common], ['win32', win32, [...common, ...windows]]]) {
  for (const input of inputs) {
    out(`${name} ${JSON.stringify(input)}`, [p.normalize(input), p.isAbsolute(input), p.dirname(input), p.basename(input), p.basename(input, '.gz'),
      p.basename(input, 'b'), p.extname(input), p.parse(input), p.format(p.parse(input)), p.toNamespacedPath(input), p.resolve(input) === p.resolve(process.cwd(), input)]);
  }
  const pairs = [['a', 'b'], ['/a/b', '/a/b/c'], ['/a/b/c', '/a/b'], ['/a/b/c', '/a/d'], ['/', '/a'], ['/a', '/'], ['a/b', 'a/b'], ['/a/b', '../c'],
    ['C:\\a\\b', 'C:\\a\\c'], ['C:\\a', 'D:\\a'], ['\\\\s\\h\\a', '\\\\s\\h\\b'], ['C:\\A\\b', 'c:\\a\\B\\c'], ['C:\\', 'C:\\a'], ['C:\\a', 'C:\\'], ['', 'x']];
  for (const [a, b] of pairs) out(`${name} pair ${JSON.stringify([a, b])}`, [p.join(a, b), p.relative(a, b), p.resolve(a, b) === p.resolve(process.cwd(), a, b)]);
  out(`${name} join`, [p.join(), p.join(''), p.join('a', '', 'b'), p.join('/a', '/b/', '..'), p.join('\\\\', 'server', 'share'), p.join('//server', 'share'), p.join('\\\\\\a')]);
  out(`${name} format`, [p.format({ root: '/', name: 'x', ext: 'js' }), p.format({ dir: 'd', base: 'b.c' }), p.format({ root: 'C:\\', dir: 'C:\\', base: 'x' }), p.format({})]);
  for (const bad of [5, null, {}]) { try { p.basename(bad); } catch (e) { out(`${name} bad`, [e.code, e.message]); } }
}
console.log(path.win32 === win32, win32.win32 === win32, win32.posix === path, win32.sep, win32.delimiter, path.posix === path);
const globs = [['a/b/c.js', 'a/**/*.js'], ['a/.b/c.js', 'a/**/*.js'], ['a/.b/c.js', 'a/.b/*.js'], ['x.js', '*.js'], ['.x.js', '*.js'], ['.x.js', '.*.js'],
  ['a/b', 'a/*'], ['a/b/c', 'a/*'], ['a/b/c', 'a/**'], ['a', 'a/**'], ['a/', 'a/**'], ['abc', 'a?c'], ['ac', 'a?c'], ['a1', 'a[0-9]'], ['ab', 'a[!0-9]'],
  ['a9', 'a[^0-9]'], ['file.ts', '*.{js,ts}'], ['file.md', '*.{js,ts}'], ['f3', 'f{1..5}'], ['f03', 'f{01..05}'], ['fb', 'f{a..c}'], ['foo.js', '@(foo|bar).js'],
  ['baz.js', '!(foo|bar).js'], ['foo.js', '!(foo|bar).js'], ['foofoo.js', '+(foo).js'], ['.js', '*(foo).js'], ['x', '?(x|y)'], ['/a/b', '/a/*'],
  ['a/b/c/d.txt', '**/d.txt'], ['d.txt', '**/d.txt'], ['a/x/y/b', 'a/**/b'], ['a/b', 'a/**/b'], ['a//b', 'a/*/b'], ['A.JS', '*.js'],
  ['a1', 'a[[:digit:]]'], ['aa', 'a[[:alpha:]]'], ['{x}', '{x}'], ['[a', '[a'], ['a/b', 'a\\b'], ['.', '*'], ['..', '.*'], ['#a', '#a'], ['!a', '!a'],
  ['a/b/c', '**'], ['a/.b', '**'], ['', ''], ['a', '']];
for (const [p, g] of globs) out(`glob ${JSON.stringify([p, g])}`, [path.matchesGlob(p, g), win32.matchesGlob(p.replace(/\//g, '\\'), g)]);
try { path.matchesGlob(1, '*'); } catch (e) { out('glob bad', [e.code, e.message]); }
