import { compileTemplate, TemplateError } from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(
  source: string,
  data: Record<string, string> = {},
): string {
  try {
    render(source, data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${source} to fail`);
}

// Expected outputs were produced by Go's text/template with ESO's sprig function map, in a
// process whose Local zone is UTC (as in ESO's container).
describe('sprig date functions', () => {
  it.each([
    ['{{ date "2006-01-02" 0 }}', '1970-01-01'],
    [
      '{{ date "2006-01-02 15:04:05.000 MST Mon Monday Jan January 1 01 2 02 _2 3 03 4 04 5 05 06 PM pm -0700 -07:00 -07 Z07:00 Z0700 Z07 002 __2" 1700000000 }}',
      '2023-11-14 22:13:20.000 UTC Tue Tuesday Nov November 11 11 14 14 14 10 10 13 13 20 20 23 PM pm +0000 +00:00 +00 Z Z Z 318 318',
    ],
    [
      '{{ date "Jan 2, 2006 at 3:04pm (MST)" (toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07+05:30") }}',
      'Mar 3, 2021 at 11:36pm (UTC)',
    ],
    [
      '{{ dateInZone "2006-01-02 15:04 MST -07:00" 0 "UTC" }}',
      '1970-01-01 00:00 UTC +00:00',
    ],
    [
      '{{ dateInZone "2006-01-02 15:04 MST" 0 "Etc/GMT+5" }}',
      '1969-12-31 19:00 -05',
    ],
    [
      '{{ dateInZone "2006-01-02 15:04 MST" 0 "Etc/GMT-14" }}',
      '1970-01-01 14:00 +14',
    ],
    ['{{ dateInZone "15:04 MST" 0 "Etc/GMT" }}', '00:00 GMT'],
    ['{{ dateInZone "15:04 MST" 0 "" }}', '00:00 UTC'],
    ['{{ date_in_zone "15:04 MST" 0 "Local" }}', '00:00 UTC'],
    ['{{ dateInZone "15:04 MST" 0 "GMT" }}', '00:00 GMT'],
    ['{{ htmlDate 86400 }}', '1970-01-02'],
    ['{{ htmlDateInZone 86399 "Etc/GMT-1" }}', '1970-01-02'],
    ['{{ htmlDate (toDate "2006-01-02" "1999-12-31") }}', '1999-12-31'],
    ['{{ toDate "2006-01-02" "2020-02-29" }}', '2020-02-29 00:00:00 +0000 UTC'],
    ['{{ toDate "2006-01-02" "2019-02-29" }}', '0001-01-01 00:00:00 +0000 UTC'],
    [
      '{{ toDate "2006-01-02 15:04:05" "2020-01-02 03:04:05.123456789" }}',
      '2020-01-02 03:04:05.123456789 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 15:04:05.000" "2020-01-02 03:04:05.120" }}',
      '2020-01-02 03:04:05.12 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 15:04:05.999" "2020-01-02 03:04:05" }}',
      '2020-01-02 03:04:05 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 15:04:05,999" "2020-01-02 03:04:05,5" }}',
      '2020-01-02 03:04:05.5 +0000 UTC',
    ],
    [
      '{{ toDate "Jan _2 2006" "Feb  3 2021" }}',
      '2021-02-03 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "January 2, 2006" "march 4, 2021" }}',
      '2021-03-04 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "Mon Jan 2 2006" "Fri Mar 5 2021" }}',
      '2021-03-05 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "02/01/06 3:04PM" "05/03/21 1:15AM" }}',
      '2021-03-05 01:15:00 +0000 UTC',
    ],
    [
      '{{ toDate "02/01/06 3:04PM" "05/03/21 12:15AM" }}',
      '2021-03-05 00:15:00 +0000 UTC',
    ],
    [
      '{{ toDate "02/01/06 3:04pm" "05/03/70 12:15pm" }}',
      '1970-03-05 12:15:00 +0000 UTC',
    ],
    ['{{ toDate "2006-002" "2020-060" }}', '2020-02-29 00:00:00 +0000 UTC'],
    ['{{ toDate "2006-002" "2021-060" }}', '2021-03-01 00:00:00 +0000 UTC'],
    ['{{ toDate "2006-__2" "2021- 60" }}', '2021-03-01 00:00:00 +0000 UTC'],
    [
      '{{ toDate "2006-01-002" "2020-03-060" }}',
      '0001-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-002" "2020-02-060" }}',
      '2020-02-29 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07Z" }}',
      '2021-03-04 05:06:07 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07-00:00" }}',
      '2021-03-04 05:06:07 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 -0700 MST" "2021-03-04 +0000 UTC" }}',
      '2021-03-04 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 -0700 MST" "2021-03-04 +0100 CET" }}',
      '2021-03-04 00:00:00 +0100 CET',
    ],
    [
      '{{ toDate "2006-01-02 MST" "2021-03-04 CEST" }}',
      '2021-03-04 00:00:00 +0000 CEST',
    ],
    [
      '{{ toDate "2006-01-02 MST" "2021-03-04 ChST" }}',
      '2021-03-04 00:00:00 +0000 ChST',
    ],
    [
      '{{ toDate "2006-01-02 MST" "2021-03-04 +05" }}',
      '2021-03-04 00:00:00 +0000 +05',
    ],
    [
      '{{ toDate "2006-01-02 MST" "2021-03-04 GMT-7" }}',
      '2021-03-03 17:00:00 -0700 GMT-7',
    ],
    [
      '{{ toDate "2006-01-02 MST" "2021-03-04 XY" }}',
      '0001-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ toDate "2006-01-02 -07" "2021-03-04 +05" }}',
      '2021-03-04 00:00:00 +0500 +0500',
    ],
    [
      '{{ toDate "2006-01-02 -070000" "2021-03-04 +053015" }}',
      '2021-03-04 00:00:00 +0530 +0530',
    ],
    [
      '{{ toDate "2006-01-02 -07:00:00" "2021-03-04 -05:30:15" }}',
      '2021-03-04 00:00:00 -0530 -0530',
    ],
    [
      '{{ toDate "2006-01-02" "2021-03-04 extra" }}',
      '0001-01-01 00:00:00 +0000 UTC',
    ],
    ['{{ toDate "2006-01-02" "21-03-04" }}', '0001-01-01 00:00:00 +0000 UTC'],
    ['{{ toDate "06-01-02" "69-03-04" }}', '1969-03-04 00:00:00 +0000 UTC'],
    ['{{ toDate "06-01-02" "68-03-04" }}', '2068-03-04 00:00:00 +0000 UTC'],
    ['{{ toDate "15:04" "24:00" }}', '0001-01-01 00:00:00 +0000 UTC'],
    ['{{ toDate "15:04" "23:59" }}', '0000-01-01 23:59:00 +0000 UTC'],
    [
      '{{ toDate "2006 01 02" "2021   03 04" }}',
      '2021-03-04 00:00:00 +0000 UTC',
    ],
    ['{{ toDate "2006-1-2" "2021-3-4" }}', '2021-03-04 00:00:00 +0000 UTC'],
    ['{{ toDate "2006-01-02" "2021-3-4" }}', '0001-01-01 00:00:00 +0000 UTC'],
    ['{{ mustToDate "2006-01-02" "2021-01-02" | date "Monday" }}', 'Saturday'],
    [
      '{{ toDate "2006-01-02" "2021-01-02" | toJson }}',
      '"2021-01-02T00:00:00Z"',
    ],
    [
      '{{ toDate "2006-01-02 15:04:05.000000 -07:00" "2021-01-02 10:11:12.345600 +02:00" | toJson }}',
      '"2021-01-02T10:11:12.3456+02:00"',
    ],
    [
      '{{ dateModify "1h30m" (toDate "2006-01-02" "2021-01-02") }}',
      '2021-01-02 01:30:00 +0000 UTC',
    ],
    [
      '{{ dateModify "-24h" (toDate "2006-01-02" "2021-01-01") }}',
      '2020-12-31 00:00:00 +0000 UTC',
    ],
    [
      '{{ dateModify "1.5s" (toDate "2006-01-02" "2021-01-01") }}',
      '2021-01-01 00:00:01.5 +0000 UTC',
    ],
    [
      '{{ dateModify "x" (toDate "2006-01-02" "2021-01-01") }}',
      '2021-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ date_modify "10m" (toDate "2006-01-02" "2021-01-01") }}',
      '2021-01-01 00:10:00 +0000 UTC',
    ],
    [
      '{{ must_date_modify "1us" (toDate "2006-01-02" "2021-01-01") }}',
      '2021-01-01 00:00:00.000001 +0000 UTC',
    ],
    ['{{ unixEpoch (toDate "2006-01-02" "2021-01-01") }}', '1609459200'],
    ['{{ unixEpoch (toDate "2006-01-02" "1900-01-01") }}', '-2208988800'],
    ['{{ unixEpoch (toDate "2006-01-02 -0700" "1970-01-01 +0100") }}', '-3600'],
    ['{{ toDate "2006-01-02" "2021-01-01" | typeOf }}', 'time.Time'],
    ['{{ toDate "2006-01-02" "2021-01-01" | kindOf }}', 'struct'],
    ['{{ duration "95" }}', '1m35s'],
    ['{{ duration (int64 3661) }}', '1h1m1s'],
    ['{{ duration "-1" }}', '-1s'],
    ['{{ duration "0" }}', '0s'],
    ['{{ duration "x" }}', '0s'],
    ['{{ duration "9223372036854775807" }}', '-1s'],
    ['{{ duration "100000000000" }}', '2157299h53m51.45224192s'],
    ['{{ durationRound "2h10m5s" }}', '2h'],
    ['{{ durationRound "-49h" }}', '2d'],
    ['{{ durationRound "1s" }}', '0s'],
    ['{{ durationRound "1.5s" }}', '1s'],
    ['{{ durationRound "800h" }}', '1mo'],
    ['{{ durationRound "9000h" }}', '1y'],
    ['{{ durationRound "x" }}', '0s'],
    ['{{ durationRound (int64 61000000000) }}', '1m'],
    ['{{ durationRound "720h1s" }}', '1mo'],
    ['{{ durationRound "8760h" }}', '12mo'],
    [
      '{{ dateModify "1h0.5m2.25s" (toDate "2006" "2021") }}',
      '2021-01-01 01:00:32.25 +0000 UTC',
    ],
    [
      '{{ dateModify "1.0000000001s" (toDate "2006" "2021") }}',
      '2021-01-01 00:00:01 +0000 UTC',
    ],
    [
      '{{ dateModify ".5h" (toDate "2006" "2021") }}',
      '2021-01-01 00:30:00 +0000 UTC',
    ],
    [
      '{{ dateModify "5." (toDate "2006" "2021") }}',
      '2021-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ dateModify "1µs" (toDate "2006" "2021") | date "05.000000" }}',
      '00.000001',
    ],
    [
      '{{ dateModify "-2562047h" (toDate "2006" "2021") }}',
      '1728-09-22 01:00:00 +0000 UTC',
    ],
    [
      '{{ dateModify "3000000h" (toDate "2006" "2021") }}',
      '2021-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ dateModify "+0" (toDate "2006" "2021") }}',
      '2021-01-01 00:00:00 +0000 UTC',
    ],
    [
      '{{ date "2006-01-02 15:04:05.999999999" (dateModify "1ns" (toDate "2006" "2021")) }}',
      '2021-01-01 00:00:00.000000001',
    ],
    [
      '{{ date ".000 .999 ,00 .9 .0000000000" (dateModify "123456789ns" (toDate "2006" "2021")) }}',
      '.123 .123 ,12 .1 .123456789',
    ],
    ['{{ date "2006-01-02" -86400 }}', '1969-12-31'],
    ['{{ date "2006-01-02 Mon" -62135596800 }}', '0001-01-01 Mon'],
    ['{{ date "2006-01-02 Mon" -62135596801 }}', '0000-12-31 Sun'],
    ['{{ date "2006" 253402300800 }}', '10000'],
    ['{{ date "2006-01-02" 100000000000000 }}', '3170843-11-07'],
    [
      '{{ printf "%v|%s|%q" (toDate "2006" "2021") (toDate "2006" "2021") (toDate "2006" "2021") }}',
      '2021-01-01 00:00:00 +0000 UTC|2021-01-01 00:00:00 +0000 UTC|"2021-01-01 00:00:00 +0000 UTC"',
    ],
    ['{{ toDate "2006" "2021" | toString }}', '2021-01-01 00:00:00 +0000 UTC'],
    ['{{ list (toDate "2006" "2021") }}', '[2021-01-01 00:00:00 +0000 UTC]'],
    ['{{ empty (toDate "2006" "2021") }}', 'false'],
    ['{{ toDate "Z07:00" "Z" }}', '0000-01-01 00:00:00 +0000 UTC'],
    ['{{ toDate "MST" "UTC" }}', '0000-01-01 00:00:00 +0000 UTC'],
    ['{{ toDate "2006 MST" "2021 GMT" }}', '2021-01-01 00:00:00 +0000 GMT'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ mustToDate "2006-01-02" "nope" }}',
    '{{ mustDateModify "x" (toDate "2006-01-02" "2021-01-01") }}',
    '{{ dateModify "1h" "2021" }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).toBeTruthy();
  });

  // Go's eq compares a time's zone by pointer; deepEqual by content.
  it.each([
    ['{{ eq (toDate "2006" "2020") (toDate "2006" "2020") }}', 'true'],
    [
      '{{ eq (toDate "2006 -0700" "2020 +0100") (toDate "2006 -0700" "2020 +0100") }}',
      'true',
    ],
    [
      '{{ eq (toDate "2006 -0700" "2020 +0130") (toDate "2006 -0700" "2020 +0130") }}',
      'false',
    ],
    [
      '{{ eq (toDate "2006 MST" "2020 PST") (toDate "2006 MST" "2020 PST") }}',
      'false',
    ],
    ['{{ eq (toDate "2006Z07:00" "2020Z") (toDate "2006" "2020") }}', 'false'],
    [
      '{{ eq (toDate "2006Z07:00" "2020Z") (toDate "2006Z07:00" "2020Z") }}',
      'true',
    ],
    ['{{ $t := toDate "2006 -0700" "2020 +0130" }}{{ eq $t $t }}', 'true'],
    ['{{ ne (toDate "2006" "2020") (toDate "2006" "2021") }}', 'true'],
    [
      '{{ eq (toDate "2006" "2020") (dateModify "0s" (toDate "2006" "2020")) }}',
      'true',
    ],
    [
      '{{ deepEqual (toDate "2006 -0700" "2020 +0100") (toDate "2006 -0700" "2020 +0100") }}',
      'true',
    ],
    [
      '{{ deepEqual (toDate "2006Z07:00" "2020Z") (toDate "2006" "2020") }}',
      'false',
    ],
    [
      '{{ deepEqual (toDate "2006 -0700" "2020 +0130") (toDate "2006 -0700" "2020 +0130") }}',
      'true',
    ],
  ])('compares times as Go does: %s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('refuses what sprig would fill in with the current time', () => {
    expect(renderError('{{ date "2006" "2021-01-01" }}')).toBe(
      'date: argument 2: expected a time or Unix seconds, got string (sprig would use the current time) at 1:4',
    );
    expect(renderError('{{ durationRound (toDate "2006" "2021") }}')).toContain(
      'durationRound: argument 1: a time would be measured from now',
    );
  });

  it('takes UTC, Local and the fixed Etc/GMT zones; other zones need the tz database', () => {
    expect(render('{{ dateInZone "15:04 MST" 0 "Etc/GMT-2" }}')).toBe(
      '02:00 +02',
    );
    expect(renderError('{{ dateInZone "15:04" 0 "Europe/Paris" }}')).toBe(
      'dateInZone: argument 3: only UTC, Local and the fixed Etc/GMT±N time zones are supported at 1:4',
    );
  });

  it('counts integers as Go int64 for duration and durationRound', () => {
    // In Go a literal int is "0s" and an int64 the real duration; integers are not told apart here.
    expect(render('{{ duration 90 }} {{ durationRound 90000000000 }}')).toBe(
      '1m30s 1m',
    );
  });

  it('never quotes the text that did not parse', () => {
    expect(
      renderError('{{ mustToDate "2006-01-02" .d }}', { d: 's3cr3t' }),
    ).not.toContain('s3cr3t');
  });
});
