import { compileTemplate } from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

// Expected outputs were produced by Go's text/template with ESO's sprig function map.
describe('sprig path functions (path and path/filepath on Linux)', () => {
  it.each([
    [
      '{{ base "" }}|{{ dir "" }}|{{ clean "" }}|{{ ext "" }}|{{ isAbs "" }}|{{ osBase "" }}|{{ osDir "" }}|{{ osClean "" }}|{{ osExt "" }}|{{ osIsAbs "" }}',
      '.|.|.||false|.|.|.||false',
    ],
    [
      '{{ base "/" }}|{{ dir "/" }}|{{ clean "/" }}|{{ ext "/" }}|{{ isAbs "/" }}|{{ osBase "/" }}|{{ osDir "/" }}|{{ osClean "/" }}|{{ osExt "/" }}|{{ osIsAbs "/" }}',
      '/|/|/||true|/|/|/||true',
    ],
    [
      '{{ base "//" }}|{{ dir "//" }}|{{ clean "//" }}|{{ ext "//" }}|{{ isAbs "//" }}|{{ osBase "//" }}|{{ osDir "//" }}|{{ osClean "//" }}|{{ osExt "//" }}|{{ osIsAbs "//" }}',
      '/|/|/||true|/|/|/||true',
    ],
    [
      '{{ base "a" }}|{{ dir "a" }}|{{ clean "a" }}|{{ ext "a" }}|{{ isAbs "a" }}|{{ osBase "a" }}|{{ osDir "a" }}|{{ osClean "a" }}|{{ osExt "a" }}|{{ osIsAbs "a" }}',
      'a|.|a||false|a|.|a||false',
    ],
    [
      '{{ base "a/" }}|{{ dir "a/" }}|{{ clean "a/" }}|{{ ext "a/" }}|{{ isAbs "a/" }}|{{ osBase "a/" }}|{{ osDir "a/" }}|{{ osClean "a/" }}|{{ osExt "a/" }}|{{ osIsAbs "a/" }}',
      'a|a|a||false|a|a|a||false',
    ],
    [
      '{{ base "/a/b/" }}|{{ dir "/a/b/" }}|{{ clean "/a/b/" }}|{{ ext "/a/b/" }}|{{ isAbs "/a/b/" }}|{{ osBase "/a/b/" }}|{{ osDir "/a/b/" }}|{{ osClean "/a/b/" }}|{{ osExt "/a/b/" }}|{{ osIsAbs "/a/b/" }}',
      'b|/a/b|/a/b||true|b|/a/b|/a/b||true',
    ],
    [
      '{{ base "a//b" }}|{{ dir "a//b" }}|{{ clean "a//b" }}|{{ ext "a//b" }}|{{ isAbs "a//b" }}|{{ osBase "a//b" }}|{{ osDir "a//b" }}|{{ osClean "a//b" }}|{{ osExt "a//b" }}|{{ osIsAbs "a//b" }}',
      'b|a|a/b||false|b|a|a/b||false',
    ],
    [
      '{{ base "./a/../b" }}|{{ dir "./a/../b" }}|{{ clean "./a/../b" }}|{{ ext "./a/../b" }}|{{ isAbs "./a/../b" }}|{{ osBase "./a/../b" }}|{{ osDir "./a/../b" }}|{{ osClean "./a/../b" }}|{{ osExt "./a/../b" }}|{{ osIsAbs "./a/../b" }}',
      'b|.|b||false|b|.|b||false',
    ],
    [
      '{{ base "../../a" }}|{{ dir "../../a" }}|{{ clean "../../a" }}|{{ ext "../../a" }}|{{ isAbs "../../a" }}|{{ osBase "../../a" }}|{{ osDir "../../a" }}|{{ osClean "../../a" }}|{{ osExt "../../a" }}|{{ osIsAbs "../../a" }}',
      'a|../..|../../a||false|a|../..|../../a||false',
    ],
    [
      '{{ base "/../a" }}|{{ dir "/../a" }}|{{ clean "/../a" }}|{{ ext "/../a" }}|{{ isAbs "/../a" }}|{{ osBase "/../a" }}|{{ osDir "/../a" }}|{{ osClean "/../a" }}|{{ osExt "/../a" }}|{{ osIsAbs "/../a" }}',
      'a|/|/a||true|a|/|/a||true',
    ],
    [
      '{{ base "a/b.tar.gz" }}|{{ dir "a/b.tar.gz" }}|{{ clean "a/b.tar.gz" }}|{{ ext "a/b.tar.gz" }}|{{ isAbs "a/b.tar.gz" }}|{{ osBase "a/b.tar.gz" }}|{{ osDir "a/b.tar.gz" }}|{{ osClean "a/b.tar.gz" }}|{{ osExt "a/b.tar.gz" }}|{{ osIsAbs "a/b.tar.gz" }}',
      'b.tar.gz|a|a/b.tar.gz|.gz|false|b.tar.gz|a|a/b.tar.gz|.gz|false',
    ],
    [
      '{{ base ".bashrc" }}|{{ dir ".bashrc" }}|{{ clean ".bashrc" }}|{{ ext ".bashrc" }}|{{ isAbs ".bashrc" }}|{{ osBase ".bashrc" }}|{{ osDir ".bashrc" }}|{{ osClean ".bashrc" }}|{{ osExt ".bashrc" }}|{{ osIsAbs ".bashrc" }}',
      '.bashrc|.|.bashrc|.bashrc|false|.bashrc|.|.bashrc|.bashrc|false',
    ],
    [
      '{{ base "a.b/c" }}|{{ dir "a.b/c" }}|{{ clean "a.b/c" }}|{{ ext "a.b/c" }}|{{ isAbs "a.b/c" }}|{{ osBase "a.b/c" }}|{{ osDir "a.b/c" }}|{{ osClean "a.b/c" }}|{{ osExt "a.b/c" }}|{{ osIsAbs "a.b/c" }}',
      'c|a.b|a.b/c||false|c|a.b|a.b/c||false',
    ],
    [
      '{{ base "/a/b/.." }}|{{ dir "/a/b/.." }}|{{ clean "/a/b/.." }}|{{ ext "/a/b/.." }}|{{ isAbs "/a/b/.." }}|{{ osBase "/a/b/.." }}|{{ osDir "/a/b/.." }}|{{ osClean "/a/b/.." }}|{{ osExt "/a/b/.." }}|{{ osIsAbs "/a/b/.." }}',
      '..|/a/b|/a|.|true|..|/a/b|/a|.|true',
    ],
    [
      '{{ base "x/./y/" }}|{{ dir "x/./y/" }}|{{ clean "x/./y/" }}|{{ ext "x/./y/" }}|{{ isAbs "x/./y/" }}|{{ osBase "x/./y/" }}|{{ osDir "x/./y/" }}|{{ osClean "x/./y/" }}|{{ osExt "x/./y/" }}|{{ osIsAbs "x/./y/" }}',
      'y|x/y|x/y||false|y|x/y|x/y||false',
    ],
    [
      '{{ base ".." }}|{{ dir ".." }}|{{ clean ".." }}|{{ ext ".." }}|{{ isAbs ".." }}|{{ osBase ".." }}|{{ osDir ".." }}|{{ osClean ".." }}|{{ osExt ".." }}|{{ osIsAbs ".." }}',
      '..|.|..|.|false|..|.|..|.|false',
    ],
    [
      '{{ base "." }}|{{ dir "." }}|{{ clean "." }}|{{ ext "." }}|{{ isAbs "." }}|{{ osBase "." }}|{{ osDir "." }}|{{ osClean "." }}|{{ osExt "." }}|{{ osIsAbs "." }}',
      '.|.|.|.|false|.|.|.|.|false',
    ],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });
});
