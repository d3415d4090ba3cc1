import { approvalRouting } from '../../domain/roster';

const office = {
  head: { name: 'Ana', email: 'aquispe@cultura.gob.pe' },
  secondInCommand: { name: 'Bruno', email: 'bsalas@cultura.gob.pe' },
  communityManager: { name: 'Carla', email: 'crojas@cultura.gob.pe' },
};

describe('separation of duties (issue #3 §3, PCM 5.2.4)', () => {
  it('the head decides, and escalation goes to the second in command', () => {
    expect(approvalRouting(office, 'dtorres@cultura.gob.pe')).toEqual({ approver: office.head, escalateTo: [office.secondInCommand] });
  });

  it('when the head requests, the second in command decides and nothing escalates back to the head', () => {
    expect(approvalRouting(office, 'AQuispe@cultura.gob.pe')).toEqual({ approver: office.secondInCommand, escalateTo: [] });
  });

  it('when the second in command requests, the head decides and escalation never reaches the requester', () => {
    expect(approvalRouting(office, 'bsalas@cultura.gob.pe')).toEqual({ approver: office.head, escalateTo: [] });
  });
});
