-- Where the mother stays after discharge (house, hamlet or street), for the home visits of the postnatal
-- follow-up (issue 20: the worklist showed no address). Personal data, like her name and phone.
alter table births add column mother_address text;
