/*
 * getpwnam/getgrnam and getpwuid/getgrgid over Debian 12's base-passwd /etc/passwd and
 * /etc/group (what a fresh system holds): the names libxt_owner reads and -L prints.
 */

function table(text: string): [string, number][] {
  return text.split(' ').map((e) => {
    const [name, id] = e.split(':');
    return [name!, Number(id)];
  });
}

const USERS = table(
  'root:0 daemon:1 bin:2 sys:3 sync:4 games:5 man:6 lp:7 mail:8 news:9 uucp:10 proxy:13 www-data:33 ' +
    'backup:34 list:38 irc:39 _apt:42 nobody:65534',
);
const GROUPS = table(
  'root:0 daemon:1 bin:2 sys:3 adm:4 tty:5 disk:6 lp:7 mail:8 news:9 uucp:10 man:12 proxy:13 kmem:15 ' +
    'dialout:20 fax:21 voice:22 cdrom:24 floppy:25 tape:26 sudo:27 audio:29 dip:30 www-data:33 backup:34 ' +
    'operator:37 list:38 irc:39 src:40 shadow:42 utmp:43 video:44 sasl:45 plugdev:46 staff:50 games:60 ' +
    'users:100 nogroup:65534',
);

const byName = (t: [string, number][], name: string) => t.find(([n]) => n === name)?.[1];
const byId = (t: [string, number][], id: number) => t.find(([, i]) => i === id)?.[0];

export const getpwnam = (name: string) => byName(USERS, name);
export const getgrnam = (name: string) => byName(GROUPS, name);
export const getpwuid = (uid: number) => byId(USERS, uid);
export const getgrgid = (gid: number) => byId(GROUPS, gid);
